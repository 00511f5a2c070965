using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/DefectorLens.Benchmarks -- --filter '*Name*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
