using System.Net;
using System.Net.Sockets;

namespace BlazorChat.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of the app, to cut a browser's network: <see cref="Cut"/> drops every open
/// connection and refuses new ones until <see cref="Restore"/>; <see cref="Hold"/> accepts new ones but forwards nothing
/// until <see cref="Release"/>, as a server too busy to answer.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private TaskCompletionSource? _held; // completed by Release; read by each new connection

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Client.Close(0); // RST: the peer sees the connection die, as on a network drop
            }

            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    public void Hold() => Volatile.Write(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                inbound.Client.Close(0);
                continue;
            }

            _ = Task.Run(() => PipeAsync(inbound));
        }
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        try
        {
            if (Volatile.Read(ref _held) is { } held)
            {
                await held.Task.WaitAsync(_stopping.Token);
            }

            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            lock (_gate)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), both.Token);
            var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), both.Token);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
        }
    }
}
