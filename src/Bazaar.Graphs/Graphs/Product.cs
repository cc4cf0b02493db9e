namespace Bazaar.Graphs;

/// <summary>A product in a graph built in code: a name that joins the step producing it to the steps consuming it.</summary>
public sealed class Product
{
    /// <summary>Initializes a new instance of the <see cref="Product"/> class.</summary>
    /// <param name="name">The product's name: 1-64 letters, digits, '.', '_' or '-'.</param>
    public Product(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        this.Name = name;
    }

    /// <summary>Gets the product's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => this.Name;
}
