namespace Bazaar.Remotes.Aws;

/// <summary>How the AWS remotes compare what a graph names with what the host allows (ECS clusters and task definitions, Batch queues and job definitions).</summary>
internal static class AwsNames
{
    /// <summary>Gets a resource's name from its name or ARN (<c>arn:aws:ecs:region:account:cluster/name</c> is <c>name</c>).</summary>
    /// <param name="nameOrArn">The name or ARN.</param>
    /// <returns>The name.</returns>
    public static string ResourceName(string nameOrArn)
    {
        ArgumentNullException.ThrowIfNull(nameOrArn);
        var slash = nameOrArn.LastIndexOf('/');
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && slash > 0 ? nameOrArn[(slash + 1)..] : nameOrArn;
    }

    /// <summary>
    /// Gets a value indicating whether a revisioned definition (<c>family:3</c>, <c>name:3</c>) is allowed: listed as it is
    /// written, or its family listed without a revision (any revision of it).
    /// </summary>
    /// <param name="allowed">The allowed definitions.</param>
    /// <param name="definition">The definition as the graph writes it.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public static bool AllowsRevision(IReadOnlySet<string> allowed, string definition)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(definition);
        if (allowed.Contains(definition))
        {
            return true;
        }

        var colon = definition.LastIndexOf(':');
        return colon > 0 && !definition.StartsWith("arn:", StringComparison.Ordinal) && allowed.Contains(definition[..colon]);
    }

    /// <summary>Splits a host variable's comma-separated list.</summary>
    /// <param name="list">The variable's value, or <see langword="null"/>.</param>
    /// <returns>The entries, trimmed.</returns>
    public static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Gets a host value, or <see langword="null"/> when it is blank.</summary>
    /// <param name="value">The value.</param>
    /// <returns>It, trimmed.</returns>
    public static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
