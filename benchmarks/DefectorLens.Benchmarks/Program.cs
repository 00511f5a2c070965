using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/DefectorLens.Benchmarks -- --filter '*Name*'
if (args is ["protection-interleaved", var rounds])
{
    await DefectorLens.Benchmarks.ProtectionBenchmarks.InterleavedAsync(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
