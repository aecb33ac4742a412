// Starts Blazor, which App.razor loads with autostart="false". A file rather than an inline script, so that the
// Content-Security-Policy allows no inline script at all (Security/SecurityHeadersMiddleware.cs).
// A chat should come back quickly after a network blip or a server restart: retry every second at first, then at
// most every five seconds, for about ten minutes.
Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: 120,
            retryIntervalMilliseconds: attempt => attempt < 5 ? 1000 : 5000
        }
    }
});
