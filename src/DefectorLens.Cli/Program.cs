using System.Text;
using DefectorLens.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
return await DlensApp.RunAsync(args);
