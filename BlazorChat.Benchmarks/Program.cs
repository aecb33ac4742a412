using BenchmarkDotNet.Running;

// docs/benchmarks.md: `dotnet run -c Release --project BlazorChat.Benchmarks -- --filter '*' --job short`.
// In process by default: a process of its own per benchmark makes BenchmarkDotNet build a copy of this project and
// the web app (static assets, brotli and all), which took over its 120 s build timeout on a 2-core machine, and buys
// nothing these benchmarks need. `--outOfProcess` asks for that isolation anyway.
var outOfProcess = args.Contains("--outOfProcess");
string[] arguments = outOfProcess || args.Contains("--inProcess") ? [.. args.Where(a => a != "--outOfProcess")] : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(BlazorChat.Benchmarks.SampleTraffic).Assembly).Run(arguments);
