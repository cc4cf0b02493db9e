using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Bazaar.Testing;

/// <summary>
/// The shape every remote's project shares (STYLE.md, "Every remote has the same file set"), so the
/// remotes stay alike: <c>{X}Remote</c> (internal sealed, checking its own settings for the graph
/// validator), <c>{X}RemoteOptions</c> (validated with DataAnnotations when the host starts, each default in
/// a <c>&lt;value&gt;</c> tag), <c>{X}RemoteBuilderExtensions</c>, and exceptions in <c>Exceptions/</c>, one per
/// file. A remote's test project derives a class and implements <see cref="AddRemote"/>.
/// </summary>
public abstract partial class RemoteProjectTests
{
    /// <summary>Adds the remote under test, with its default options.</summary>
    /// <param name="builder">Bazaar's builder.</param>
    protected abstract void AddRemote(IBazaarBuilder builder);

    [Fact]
    public void Remote_IsInternalSealedAndChecksItsOwnSettings()
    {
        using var provider = this.Services().BuildServiceProvider();

        var remote = Assert.Single(provider.GetServices<IRemote>());

        Assert.True(remote.GetType().IsNotPublic && remote.GetType().IsSealed, $"{remote.GetType()} must be internal sealed");
        Assert.IsAssignableFrom<IRemoteSettingsValidator>(remote);
        Assert.Equal(this.Prefix + "Remote", remote.GetType().Name);
    }

    [Fact]
    public void Project_HasTheRemoteFileSetWithExceptionsInTheirFolder()
    {
        var folder = this.ProjectFolder;
        string[] expected = [$"{this.Prefix}Remote.cs", $"{this.Prefix}RemoteOptions.cs", $"{this.Prefix}RemoteBuilderExtensions.cs", $"Exceptions/{this.Prefix}RemoteException.cs", "Logs.cs", "README.md"];

        Assert.All(expected, file => Assert.True(File.Exists(Path.Combine(folder, file)), $"{folder} has no {file}"));
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.All(sources.Where(f => f.EndsWith("Exception.cs", StringComparison.Ordinal)), f => Assert.StartsWith("Exceptions/", f, StringComparison.Ordinal));
        Assert.All(sources.Where(f => f.StartsWith("Exceptions/", StringComparison.Ordinal)), f =>
        {
            var text = File.ReadAllText(Path.Combine(folder, f));
            Assert.True(TypeDeclaration().Count(text) == 1, $"{f} must declare one type");
            Assert.Contains($"class {Path.GetFileNameWithoutExtension(f)} : BazaarException", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Options_ValidatedWithDataAnnotationsWhenTheHostStarts()
    {
        // An out-of-range value of the first [Range] number: the check the host runs at start must refuse it.
        var optionsType = this.OptionsType;
        var property = optionsType.GetProperties().FirstOrDefault(p => p.PropertyType == typeof(int) && p.GetCustomAttribute<RangeAttribute>() is { Minimum: int })
            ?? throw new InvalidOperationException($"{optionsType.Name} has no int property with [Range] to test validation with");
        var services = this.Services();
        var tooSmall = (int)property.GetCustomAttribute<RangeAttribute>()!.Minimum - 1;
        services.AddSingleton(
            typeof(IConfigureOptions<>).MakeGenericType(optionsType),
            Activator.CreateInstance(typeof(SetProperty<>).MakeGenericType(optionsType), property, tooSmall)!);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(property.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EachDefaultDocumentedInAValueTag()
    {
        var optionsType = this.OptionsType;
        var docs = XDocument.Load(Path.ChangeExtension(optionsType.Assembly.Location, ".xml"));
        var members = docs.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m);

        var properties = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance);

        Assert.NotEmpty(properties);
        Assert.All(properties, p =>
        {
            var value = members.TryGetValue($"P:{optionsType.FullName}.{p.Name}", out var member) ? member.Element("value")?.Value : null;
            Assert.True(value?.TrimStart().StartsWith("Default", StringComparison.Ordinal) == true, $"{optionsType.Name}.{p.Name} has no <value>Default …</value>");
        });
    }

    [GeneratedRegex(@"\b(class|record|struct|interface|enum)\s+\w+", RegexOptions.CultureInvariant)]
    private static partial Regex TypeDeclaration();

    private string Prefix
    {
        get
        {
            using var provider = this.Services().BuildServiceProvider();
            var name = Assert.Single(provider.GetServices<IRemote>()).GetType().Name;
            Assert.EndsWith("Remote", name, StringComparison.Ordinal);
            return name[..^"Remote".Length];
        }
    }

    private Assembly RemoteAssembly
    {
        get
        {
            using var provider = this.Services().BuildServiceProvider();
            return Assert.Single(provider.GetServices<IRemote>()).GetType().Assembly;
        }
    }

    private string ProjectFolder => RepositoryRoot.Combine($"src/Bazaar.Remotes/{this.RemoteAssembly.GetName().Name}");

    private Type OptionsType
    {
        get
        {
            var assembly = this.RemoteAssembly;
            var name = $"{assembly.GetName().Name}.{this.Prefix}RemoteOptions";
            return assembly.GetType(name) ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no public {name}");
        }
    }

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        this.AddRemote(services.AddBazaar());
        return services;
    }

    /// <summary>Sets one property of the options, as a host's configuration would.</summary>
    private sealed class SetProperty<TOptions>(PropertyInfo property, object value) : IConfigureOptions<TOptions>
        where TOptions : class
    {
        public void Configure(TOptions options) => property.SetValue(options, value);
    }
}
