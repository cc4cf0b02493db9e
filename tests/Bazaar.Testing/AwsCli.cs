using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bazaar.Testing;

/// <summary>
/// The AWS CLI (botocore inside) as a reference client: it sends one command to a loopback listener that records
/// the exact request (method, path, headers, body) and answers with a fixed JSON body. Credentials and region come
/// from the arguments alone (no profile, no instance metadata). A CLI plugin adds <c>X-Amz-Content-SHA256</c> before
/// botocore signs, as AWSSDK.Core's signer always does (botocore does it for S3 only), so both sign the same headers.
/// </summary>
public static class AwsCli
{
    private static readonly Lazy<(string? Missing, int Major)> Found = new(Find);

    /// <summary>Gets what this machine lacks to run the AWS CLI, or <see langword="null"/>.</summary>
    public static string? Missing => Found.Value.Missing;

    /// <summary>Runs <c>aws &lt;args&gt; --endpoint-url http://127.0.0.1:port</c> and records the request it sends.</summary>
    /// <param name="args">The command, e.g. <c>ecs run-task --cli-input-json file://…</c>.</param>
    /// <param name="answer">The JSON body the listener answers with (200).</param>
    /// <param name="environment">The CLI's AWS variables: <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>, <c>AWS_DEFAULT_REGION</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The request.</returns>
    public static async Task<CapturedRequest> CaptureAsync(IEnumerable<string> args, string answer, IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "bazaar_sha256.py"), """
            import hashlib

            def _add_payload_hash(request, **kwargs):
                body = request.body or b''
                if isinstance(body, str):
                    body = body.encode('utf-8')
                elif not isinstance(body, (bytes, bytearray)):
                    body = body.read()
                request.headers['X-Amz-Content-SHA256'] = hashlib.sha256(body).hexdigest()

            def awscli_initialize(cli):
                cli.register('before-sign', _add_payload_hash)
            """, cancellationToken).ConfigureAwait(false);
        // CLI v2 (Debian's awscli package) loads plugins only from cli_legacy_plugin_path; v1 would take that key for a plugin.
        var pluginPath = Found.Value.Major >= 2 ? $"cli_legacy_plugin_path = {temp.Path}\n" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "config"), $"[plugins]\n{pluginPath}bazaar_sha256 = bazaar_sha256\n", cancellationToken).ConfigureAwait(false);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args.Concat(["--endpoint-url", $"http://127.0.0.1:{port}", "--output", "json"]))
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["AWS_CONFIG_FILE"] = Path.Combine(temp.Path, "config");
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(temp.Path, "no-credentials");
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["PYTHONPATH"] = temp.Path;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var cli = Process.Start(start)!;
            var stdout = cli.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = cli.StandardError.ReadToEndAsync(cancellationToken);
            using var accepting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            accepting.CancelAfter(TimeSpan.FromSeconds(60));
            CapturedRequest captured;
            try
            {
                using var client = await listener.AcceptTcpClientAsync(accepting.Token).ConfigureAwait(false);
                var stream = client.GetStream();
                captured = await ReadRequestAsync(stream, accepting.Token).ConfigureAwait(false);
                var body = Encoding.UTF8.GetBytes(answer);
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), accepting.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, accepting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                cli.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"the AWS CLI sent no request within 60 s: {await stderr.ConfigureAwait(false)}");
            }

            await cli.WaitForExitAsync(accepting.Token).ConfigureAwait(false);
            return cli.ExitCode == 0
                ? captured
                : throw new InvalidOperationException($"aws exited with {cli.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<CapturedRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException("the AWS CLI closed the connection before its request's headers ended");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => (p[0].Trim(), p[1].Trim())).ToList();
        var length = int.Parse(headers.FirstOrDefault(h => h.Item1.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Item2 ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return new CapturedRequest(requestLine[0], requestLine[1], headers, body);
    }

    private static (string? Missing, int Major) Find()
    {
        try
        {
            using var aws = Process.Start(new ProcessStartInfo("aws", ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var version = aws.StandardOutput.ReadToEnd() + aws.StandardError.ReadToEnd();
            if (!aws.WaitForExit(60_000) || aws.ExitCode != 0)
            {
                return ("the aws command does not run (apt-get install awscli, as ./test.sh does)", 0);
            }

            // "aws-cli/1.45.11 Python/3.11.7 …" or "aws-cli/2.9.19 Python/3.11.2 …"
            var major = version.StartsWith("aws-cli/", StringComparison.Ordinal) && int.TryParse(version.AsSpan(8, 1), out var m) ? m : 1;
            return (null, major);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return ("the AWS CLI is not installed (apt-get install awscli, as ./test.sh does): it is the reference client the signing and request shapes are compared with", 0);
        }
    }
}

/// <summary>A request as the AWS CLI sent it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query.</param>
/// <param name="Headers">The headers, in order, as sent.</param>
/// <param name="Body">The body's bytes.</param>
public sealed record CapturedRequest(string Method, string PathAndQuery, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    /// <summary>Gets a header's value, or <see langword="null"/>.</summary>
    /// <param name="name">The header, in any case.</param>
    /// <returns>Its value.</returns>
    public string? Header(string name) => this.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
