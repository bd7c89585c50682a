using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// A minimal Chrome DevTools Protocol client over a WebSocket: starts headless Chromium with a fresh profile, opens one page,
/// records console errors, log errors and network requests, evaluates script and takes screenshots.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly Lock _gate = new();
    private readonly List<(string Method, JsonObject Params)> _events = [];
    private readonly Task _receiver;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile, Uri endpoint)
    {
        _process = process;
        _profile = profile;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.ConnectAsync(endpoint, _stop.Token).GetAwaiter().GetResult();
        _receiver = Task.Run(ReceiveLoop);
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        string profile = Path.Combine(Path.GetTempPath(), "icp-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"])
            start.ArgumentList.Add(arg);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string portFile = Path.Combine(profile, "DevToolsActivePort");
        // No wall-clock limit: a shared, loaded machine can take minutes to start a browser; a browser that dies is caught below.
        while (true)
        {
            if (File.Exists(portFile))
            {
                string[] lines = await File.ReadAllLinesAsync(portFile);
                if (lines.Length >= 2 && int.TryParse(lines[0], out int port))
                    return new HeadlessChromium(process, profile, new Uri($"ws://127.0.0.1:{port}{lines[1]}"));
            }
            if (process.HasExited) throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening its debugging port.");
            await Task.Delay(50);
        }
    }

    /// <summary>Opens a page target, attaches to it and enables the domains whose events are recorded.</summary>
    public async Task OpenPageAsync(int width, int height)
    {
        JsonObject target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        JsonObject attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        _session = attached["sessionId"]!.GetValue<string>();
        foreach (string domain in (string[])["Page", "Runtime", "Log", "Network"]) await SendAsync(domain + ".enable", []);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    public async Task NavigateAndWaitForLoadAsync(string url)
    {
        int before = Events().Count;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        while (!Events().Skip(before).Any(e => e.Method == "Page.loadEventFired"))
        {
            if (_process.HasExited) throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} while loading the page.");
            await Task.Delay(25);
        }
        await Task.Delay(200); // let late console messages and requests arrive
    }

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        JsonObject result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is JsonNode error) throw new InvalidOperationException("Script failed: " + error.ToJsonString());
        return result["result"]?["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        JsonObject result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    /// <summary>Prints the page to PDF (A4 unless given) and returns the file's bytes.</summary>
    public async Task<byte[]> PrintToPdfAsync(double paperWidthInches = 8.27, double paperHeightInches = 11.69)
    {
        JsonObject result = await SendAsync("Page.printToPDF", new JsonObject
        {
            ["paperWidth"] = paperWidthInches, ["paperHeight"] = paperHeightInches, ["printBackground"] = true, ["displayHeaderFooter"] = false,
        });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    /// <summary>A PNG of the top <paramref name="height"/> pixels of the page at the current width.</summary>
    public async Task<byte[]> ScreenshotTopAsync(int width, int height)
    {
        JsonObject result = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public IReadOnlyList<(string Method, JsonObject Params)> Events()
    {
        lock (_gate) return [.. _events];
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (!browserLevel && _session is not null) message["sessionId"] = _session;
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _pending[id] = done;
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        // No wall-clock limit (a loaded machine is slow, not broken); a browser that exits ends the wait.
        while (!done.Task.IsCompleted)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} before answering {method}.");
            await Task.WhenAny(done.Task, Task.Delay(250));
        }
        return await done.Task;
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                WebSocketReceiveResult received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                JsonObject node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is JsonNode idNode)
                {
                    TaskCompletionSource<JsonObject>? waiter;
                    lock (_gate) _pending.Remove(idNode.GetValue<int>(), out waiter);
                    if (node["error"] is JsonNode error) waiter?.TrySetException(new InvalidOperationException("DevTools error: " + error.ToJsonString()));
                    else waiter?.TrySetResult(node["result"]?.AsObject() ?? []);
                }
                else if (node["method"] is JsonNode method)
                {
                    lock (_gate) _events.Add((method.GetValue<string>(), node["params"]?.AsObject() ?? []));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                var close = new JsonObject { ["id"] = Interlocked.Increment(ref _nextId), ["method"] = "Browser.close" };
                await _socket.SendAsync(Encoding.UTF8.GetBytes(close.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        if (!_process.WaitForExit(5_000)) _process.Kill(entireProcessTree: true);
        await _stop.CancelAsync();
        try
        {
            await _receiver;
        }
        catch (OperationCanceledException)
        {
        }
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
