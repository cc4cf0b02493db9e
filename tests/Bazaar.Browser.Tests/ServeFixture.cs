using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bazaar.Testing;
using Microsoft.Playwright;

namespace Bazaar.Browser.Tests;

/// <summary>
/// A real <c>bazaar serve</c> (its own Azurite, on free ports, in a temporary BAZAAR_HOME, with a token) and Debian's
/// Chromium driven by Playwright (the browser's path given, never a download), once for the collection.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public const string Token = "browser-test-token-0123456789";

    private readonly TempDirectory temp = new();
    private CliProcess? serve;
    private IPlaywright? playwright;

    /// <summary>Gets the browser's executable: <c>BAZAAR_CHROMIUM</c>, else Debian's.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("BAZAAR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Gets what these tests lack here: Chromium or Azurite.</summary>
    public static string? MissingBackend =>
        !File.Exists(ChromiumPath) ? $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium, as ./test.sh does)" : TestRequirements.MissingAzurite;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; private set; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string Home => this.temp["home"];

    /// <summary>Gets a connection string for the Azurite serve started (its account key is the one serve made in its home).</summary>
    public string Storage { get; private set; } = string.Empty;

    public Task InitializeAsync() => this.StartAsync();

    private async Task StartAsync()
    {
        if (MissingBackend is { } missing)
        {
            // Outside CI each test skips, saying what is missing; under ./test.sh each fails saying the same.
            if (TestRequirements.RequireAll)
            {
                throw new InvalidOperationException($"{missing}; {TestRequirements.RequireAllVariable}=1, so nothing may skip.");
            }

            return;
        }

        var ct = TestTimeout.Token(TimeSpan.FromSeconds(180));
        var port = FreePorts.Consecutive(3);
        var environment = new Dictionary<string, string>
        {
            ["BAZAAR_HOME"] = this.temp["home"],
            ["BAZAAR_AZURITE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BAZAAR_STORAGE"] = string.Empty,
            ["BAZAAR_STORAGE_ACCOUNT_URL"] = string.Empty,
            ["BAZAAR_TASK_HUB"] = string.Empty,
            ["BAZAAR_CONTAINER"] = string.Empty,
        };
        this.serve = CliProcess.Start(environment, this.temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--token", Token, "--remotes", "process", "--max-steps", "64");
        await this.serve.WaitForOutputAsync("Listening on", ct);
        var line = this.serve.Output.Split('\n').First(l => l.Contains("Listening on", StringComparison.Ordinal));
        this.Address = new Uri(line[(line.IndexOf("http", StringComparison.Ordinal))..].Trim().TrimEnd('/') + "/");
        this.Http = new HttpClient { BaseAddress = this.Address, Timeout = TimeSpan.FromSeconds(120) };
        var keyFile = Directory.GetFiles(this.Home, "azurite.key", SearchOption.AllDirectories).SingleOrDefault();
        var key = keyFile is null ? Bazaar.Hosting.AzuriteProcess.DevelopmentAccountKey : (await File.ReadAllTextAsync(keyFile, ct)).Trim();
        this.Storage = Bazaar.Hosting.AzuriteProcess.BuildConnectionString(port, port + 1, port + 2, key);
        this.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        this.playwright = await Playwright.CreateAsync();
        this.Browser = await this.playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root in a container Chromium's sandbox cannot start; /dev/shm is small there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--enable-precise-memory-info"],
        });
    }

    /// <summary>Starts a run of a graph over the API, as <c>bazaar submit</c> would.</summary>
    public async Task<string> SubmitAsync(string yaml, CancellationToken cancellationToken)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        var response = await this.Http.PostAsync("api/runs", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/runs answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Reads a run over the API.</summary>
    public async Task<JsonElement> RunAsync(string id, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await this.Http.GetStringAsync($"api/runs/{id}", cancellationToken)).RootElement;

    /// <summary>Waits until a run has ended and returns it.</summary>
    public async Task<JsonElement> WaitForEndAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await this.RunAsync(id, cancellationToken);
            if (run.GetProperty("state").GetString() is not ("Running" or "Pending"))
            {
                return run;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>A page in a fresh browser context that has made its first visit with the token, so it holds serve's cookie.</summary>
    public async Task<IPage> SignedInPageAsync(CancellationToken cancellationToken)
    {
        var page = await this.NewPageAsync();
        await page.GotoAsync(new Uri(this.Address, $"?token={Token}").ToString());
        cancellationToken.ThrowIfCancellationRequested();
        return page;
    }

    /// <summary>A page in a fresh browser context, with nothing of serve's: no cookie, no key.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await this.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        Errors.AddOrUpdate(page, errors);
        return page;
    }

    /// <summary>Gets the console errors a page logged (a CSP violation is one).</summary>
    public static System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Errors { get; } = [];

    public async Task DisposeAsync()
    {
        if (this.Browser is not null)
        {
            await this.Browser.DisposeAsync();
        }

        this.playwright?.Dispose();
        this.Http.Dispose();
        if (this.serve is not null)
        {
            // TERM: serve stops the Azurite it started, gracefully.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await this.serve.SignalAsync("TERM", timeout.Token);
            try
            {
                await this.serve.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Dispose below kills it.
            }

            this.serve.Dispose();
        }

        this.temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve and chromium";
}
