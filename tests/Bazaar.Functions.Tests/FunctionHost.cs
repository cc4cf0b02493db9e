using System.Text;
using System.Text.Json;
using Bazaar.Functions.Hosting;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Bazaar.Functions.Tests;

/// <summary>
/// The Function App's services as Program builds them (from app settings), with the product store's
/// interfaces mocked and a mocked Durable Task client; requests are <see cref="DefaultHttpContext"/>s whose
/// answers are executed the way the ASP.NET Core integration executes them.
/// </summary>
internal sealed class FunctionHost : IDisposable
{
    private readonly ServiceProvider services;

    public FunctionHost(Action<IServiceCollection>? configure = null, string? remotes = null, IDictionary<string, string?>? settings = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(this.Content.Object);
        collection.AddSingleton(this.Refs.Object);
        collection.AddSingleton(this.Records.Object);
        collection.AddSingleton(this.Logs.Object);
        collection.AddSingleton(this.Cache.Object);
        collection.AddSingleton(this.CancelRequests.Object);
        collection.AddSingleton(this.Ledger.Object);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["BAZAAR_REMOTES"] = remotes })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        collection.AddBazaarFunctionApp(configuration);
        configure?.Invoke(collection);
        this.services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public Mock<IContentStore> Content { get; } = new();

    public Mock<IProductRefs> Refs { get; } = new();

    public Mock<IStepRecords> Records { get; } = new();

    public Mock<IStepLogs> Logs { get; } = new();

    public Mock<IActionCache> Cache { get; } = new();

    public Mock<ICancelRequests> CancelRequests { get; } = new();

    public Mock<ICallbackLedger> Ledger { get; } = new();

    public Mock<DurableTaskClient> Client { get; } = new("bazaar");

    public IServiceProvider Services => this.services;

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(this.services);

    public HttpRequest Request(string method, string path, string? body = null, string? contentType = null)
    {
        var context = new DefaultHttpContext { RequestServices = this.services, RequestAborted = TestTimeout.Token() };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("bazaar.example");
        context.Request.Path = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<Answer> ExecuteAsync(IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, body);
    }

    public void Dispose() => this.services.Dispose();

    /// <summary>What the client would receive.</summary>
    internal sealed record Answer(int Status, string? ContentType, IHeaderDictionary Headers, byte[] Body)
    {
        public JsonElement Json => JsonDocument.Parse(this.Body).RootElement;
    }
}
