using System.Runtime.CompilerServices;

// The tests check the pure parts of the connections benchmark (BlazorChat.Tests/LoadGen/). The fan-out branch says the
// same in BlazorChat.LoadGen.csproj; once both are merged either may go (a repeated InternalsVisibleTo is harmless).
[assembly: InternalsVisibleTo("BlazorChat.Tests")]
