using Bazaar.Graphs;
using static Bazaar.Graphs.Tests.Graphs.GraphTestHelpers;

namespace Bazaar.Graphs.Tests.Graphs;

public class GraphFileProblemTests
{
    // Each bad graph reports exactly one problem, on the expected line, naming what is wrong.
    [Theory]
    [InlineData(
        "consumed product never produced",
        """
        name: g
        steps:
          a:
            consumes: [x]
        """,
        4, "step 'a' consumes 'x'", "no step produces", "not a graph input", "inputs:")]
    [InlineData(
        "product produced by two steps",
        """
        name: g
        steps:
          a:
            produces: { p: a.txt }
          b:
            produces: { p: b.txt }
        """,
        6, "product 'p'", "steps 'a' and 'b'", "exactly one producer")]
    [InlineData(
        "input also produced by a step",
        """
        name: g
        inputs: [src]
        steps:
          a:
            produces: { src: src.txt }
        """,
        5, "product 'src' is a graph input", "step 'a'")]
    [InlineData(
        "cycle of three steps",
        """
        name: g
        steps:
          a:
            consumes: [z]
            produces: [x]
          b:
            consumes: [x]
            produces: [y]
          c:
            consumes: [y]
            produces: [z]
        """,
        4, "cycle: a -> b -> c -> a", "'b' consumes 'x' from 'a'", "'a' consumes 'z' from 'c'")]
    [InlineData(
        "step name with a space",
        """
        name: g
        steps:
          ok:
            run: echo
          "bad name":
            run: echo
        """,
        5, "step name 'bad name' is not valid", "letters, digits")]
    [InlineData(
        "graph name with a space",
        """
        name: my graph
        steps:
          a: { run: echo }
        """,
        1, "graph name 'my graph' is not valid")]
    [InlineData(
        "step named ..",
        """
        name: g
        steps:
          "..": { run: echo }
        """,
        3, "step name '..' is not valid", "not '.' or '..'")]
    [InlineData(
        "product name with a slash",
        """
        name: g
        steps:
          a:
            produces: { "a/b": x.txt }
        """,
        4, "product name 'a/b' in step 'a' is not valid")]
    [InlineData(
        "absolute product path",
        """
        name: g
        steps:
          a:
            run: echo
            produces:
              p: /etc/passwd
        """,
        6, "product 'p' of step 'a'", "'/etc/passwd'", "is absolute", "relative")]
    [InlineData(
        "product path leaving the workspace",
        """
        name: g
        steps:
          a:
            produces: { p: out/../../up.txt }
        """,
        4, "product 'p' of step 'a'", "leaves the workspace through '..'")]
    [InlineData(
        "empty product path",
        """
        name: g
        steps:
          a:
            produces: { p: "" }
        """,
        4, "product 'p' of step 'a'", "is empty", "nothing for a marker")]
    [InlineData(
        "two products at one path",
        """
        name: g
        steps:
          a:
            produces:
              p: out.txt
              q: ./out.txt
        """,
        6, "products 'p' and 'q' of step 'a' have the same path")]
    [InlineData(
        "remote neither defined nor installed",
        """
        name: g
        steps:
          a:
            run: echo
            remote: sdkk
        """,
        5, "step 'a'", "remote 'sdkk' is neither defined under remotes: nor an installed remote type (installed: process)")]
    [InlineData(
        "named remote of a type not installed",
        """
        name: g
        remotes:
          sdk: { type: docker, image: busybox }
        steps:
          a: { run: echo, remote: sdk }
          b: { run: echo, remote: sdk }
        """,
        3, "remote 'sdk' has type 'docker'", "not an installed remote type", "installed: process")]
    [InlineData(
        "inline remote of a type not installed",
        """
        name: g
        steps:
          a:
            remote: { type: docker, image: busybox }
        """,
        4, "step 'a'", "remote type 'docker' is not installed")]
    [InlineData(
        "remote without a type",
        """
        name: g
        remotes:
          sdk:
            image: busybox
        steps:
          a: { run: echo }
        """,
        4, "remote 'sdk' has no type", "add type:")]
    [InlineData(
        "misspelt step key",
        """
        name: g
        inputs: [x]
        steps:
          a:
            run: echo
            consume: [x]
        """,
        6, "unknown key 'consume' in step 'a' (did you mean 'consumes'?)")]
    [InlineData(
        "misspelt top-level key",
        """
        name: g
        input: [x]
        steps:
          a: { run: echo }
        """,
        2, "unknown key 'input' at the top level (did you mean 'inputs'?)")]
    [InlineData(
        "retry on an unknown kind of failure",
        """
        name: g
        steps:
          a:
            retry: { attempts: 2, on: sometimes }
        """,
        4, "retry.on in step 'a' is the string 'sometimes'", "retryable", "any")]
    [InlineData(
        "cache is not a boolean",
        """
        name: g
        steps:
          a:
            cache: yes please
        """,
        4, "cache in step 'a' is the string 'yes please'", "true or false")]
    [InlineData(
        "top-level cache is a list",
        """
        name: g
        cache: [a]
        steps:
          a: { run: echo }
        """,
        2, "cache: at the top level is", "true or false")]
    [InlineData(
        "misspelt retry key",
        """
        name: g
        steps:
          a:
            retry: { attemps: 3 }
        """,
        4, "unknown key 'attemps' in retry of step 'a' (did you mean 'attempts'?)")]
    [InlineData(
        "run is a map",
        """
        name: g
        steps:
          a:
            run:
              cmd: echo
        """,
        5, "run in step 'a' is a map", "a string", "a list of arguments")]
    [InlineData(
        "consumes is a string",
        """
        name: g
        inputs: [x]
        steps:
          a:
            consumes: x
        """,
        5, "consumes in step 'a' is the string 'x'", "list of product names")]
    [InlineData(
        "produces is a string",
        """
        name: g
        steps:
          a:
            produces: out.txt
        """,
        4, "produces in step 'a' is the string 'out.txt'", "map from each product to its path")]
    [InlineData(
        "timeout not a duration",
        """
        name: g
        steps:
          a:
            run: echo
            timeout: 10 minutes
        """,
        5, "timeout '10 minutes' in step 'a' is not a duration", "90s")]
    [InlineData(
        "zero timeout",
        """
        name: g
        steps:
          a:
            timeout: 0s
        """,
        4, "timeout in step 'a'", "must be positive")]
    [InlineData(
        "retry attempts zero",
        """
        name: g
        steps:
          a:
            retry:
              attempts: 0
              backoff: 5s
        """,
        5, "retry.attempts in step 'a' is 0", "at least 1")]
    [InlineData(
        "retry attempts not a number",
        """
        name: g
        steps:
          a:
            retry: { attempts: many }
        """,
        4, "retry.attempts in step 'a' is the string 'many'", "whole number")]
    [InlineData(
        "empty steps",
        """
        name: g
        steps: {}
        """,
        2, "graph 'g' has no steps", "add at least one")]
    [InlineData(
        "steps is a list",
        """
        name: g
        steps:
          - a
          - b
        """,
        3, "steps: is a list", "map from each step's name")]
    [InlineData(
        "duplicate key in a step",
        """
        name: g
        steps:
          a:
            run: echo one
            run: echo two
        """,
        5, "duplicate key 'run' in step 'a' (first at line 4)")]
    [InlineData(
        "duplicate step",
        """
        name: g
        steps:
          a: { run: echo }
          b: { run: echo }
          a: { run: echo }
        """,
        5, "duplicate key 'a' under steps: (first at line 3)")]
    [InlineData(
        "same product consumed twice",
        """
        name: g
        inputs: [p]
        steps:
          a:
            consumes: [p, p]
        """,
        5, "step 'a' consumes 'p' twice")]
    [InlineData(
        "step consuming its own product",
        """
        name: g
        steps:
          a:
            produces: { p: p.txt }
            consumes:
              - p
        """,
        6, "step 'a' consumes its own product 'p'", "wait for itself")]
    [InlineData(
        "env value is a map",
        """
        name: g
        steps:
          a:
            env:
              MODE: { x: 1 }
        """,
        5, "environment variable 'MODE' in step 'a' is a map")]
    [InlineData(
        "missing name",
        """
        steps:
          a: { run: echo }
        """,
        null, "the graph has no name", "add name:")]
    [InlineData(
        "top level is a list",
        """
        - name: g
        """,
        1, "the top level of the file is a list", "must be a map")]
    [InlineData(
        "empty file",
        "# nothing here\n",
        1, "the file is empty")]
    [InlineData(
        "unterminated flow sequence",
        """
        name: g
        steps:
          a:
            consumes: [x, y
        """,
        5, "not valid YAML")]
    [InlineData(
        "flow sequence left open before a block",
        """
        name: g
        steps:
          a: [x
          b: 1
        """,
        3, "not valid YAML")]
    [InlineData(
        "tag that is not a URI (found by the fuzz test, seed 8BbOg9pbDuO1)",
        "!!]\t[:| ?aa`b}}&\t1{&?11.}a.[|:@?\n",
        1, "not valid YAML")]
    [InlineData(
        "unused remote of a type not installed",
        """
        name: g
        remotes:
          fn: { type: lambda }
        steps:
          a: { run: echo }
        """,
        3, "remote 'fn' has type 'lambda'", "not an installed remote type")]
    [InlineData(
        "two YAML documents",
        """
        name: g
        steps:
          a: { run: echo }
        ---
        name: h
        """,
        4, "more than one YAML document")]
    [InlineData(
        "alias to no anchor",
        """
        name: g
        steps:
          a:
            env: *common
        """,
        4, "alias '*common' refers to no anchor")]
    public void Parse_BadGraph_ReportsOneProblemNamingIt(string scenario, string yaml, int? line, params string[] phrases)
    {
        var problems = Problems(yaml);

        var problem = Assert.Single(problems);
        Assert.Equal(line, problem.Line);
        Assert.Equal("test.yaml", problem.Source);
        foreach (var phrase in phrases)
        {
            Assert.True(problem.Message.Contains(phrase, StringComparison.Ordinal), $"{scenario}: expected '{phrase}' in: {problem.Message}");
        }
    }

    [Fact]
    public void Parse_BadJson_ReportsLineAndColumn()
    {
        const string json = "{\n  \"name\": \"g\",\n  \"steps\": { \"a\": { \"run\": \"echo\" } \n  \"x\": 1\n}\n";

        var problem = Assert.Single(Problems(json, "g.json"));

        Assert.Equal(4, problem.Line);
        Assert.NotNull(problem.Column);
        Assert.Contains("not valid JSON", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("g.json:4: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonWithUnknownKey_ReportsItsLine()
    {
        const string json = """
            {
              "name": "g",
              "steps": {
                "a": { "run": "echo", "produce": { "p": "p.txt" } }
              }
            }
            """;

        var problem = Assert.Single(Problems(json, "g.json"));

        Assert.Equal(4, problem.Line);
        Assert.Contains("unknown key 'produce' in step 'a' (did you mean 'produces'?)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonDuplicateKey_IsReported()
    {
        const string json = "{\"name\": \"g\",\n\"name\": \"h\",\n\"steps\": {\"a\": null}}";

        var problem = Assert.Single(Problems(json, "g.json"));

        Assert.Equal(2, problem.Line);
        Assert.Contains("duplicate key 'name' at the top level", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThreeDifferentProblems_ReportsAllThreeInLineOrder()
    {
        const string yaml = """
            name: g
            steps:
              a:
                run: echo
                consumes: [ghost]
              b:
                runn: echo
              c:
                run: echo
                timeout: soon
            """;

        var problems = Problems(yaml);

        Assert.Equal(3, problems.Count);
        Assert.Equal([5, 7, 10], problems.Select(p => p.Line!.Value));
        Assert.Contains("'ghost'", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'runn' in step 'b' (did you mean 'run'?)", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("timeout 'soon' in step 'c' is not a duration", problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblems_ExceptionMessageListsEachOnItsOwnLine()
    {
        const string yaml = """
            name: g
            steps:
              a: { consumes: [x] }
              b: { consumes: [y] }
            """;

        var e = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(yaml, "hello.yaml", ProcessOnly));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Contains("2 problems", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("hello.yaml:3: step 'a' consumes 'x'", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("hello.yaml:4: step 'b' consumes 'y'", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoSeparateCycles_ReportsEachOnce()
    {
        const string yaml = """
            name: g
            steps:
              a: { consumes: [b-out], produces: [a-out] }
              b: { consumes: [a-out], produces: [b-out] }
              c: { consumes: [d-out], produces: [c-out] }
              d: { consumes: [c-out], produces: [d-out] }
            """;

        var problems = Problems(yaml);

        Assert.Equal(2, problems.Count);
        Assert.Contains("a -> b -> a", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("c -> d -> c", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAnyKey_SuggestsNothing()
    {
        var problem = Assert.Single(Problems("name: g\nsteps:\n  a: { zzzzzz: 1 }\n"));

        Assert.DoesNotContain("did you mean", problem.Message, StringComparison.Ordinal);
        Assert.Contains("a step allows run, remote, consumes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspeltConsumedProduct_SuggestsTheProducedOne()
    {
        var problem = Assert.Single(Problems("name: g\nsteps:\n  a: { produces: [binaries] }\n  b: { consumes: [binary] }\n"));

        Assert.Contains("(did you mean 'binaries'?)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedYaml_ReportsInsteadOfOverflowing()
    {
        var yaml = "name: g\nsteps:\n  a:\n    remote: { type: process, x: " + new string('[', 5000) + new string(']', 5000) + " }\n";

        var problems = Problems(yaml);

        Assert.Contains(problems, p => p.Message.Contains("more than 64 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_ReportsThePath()
    {
        var e = Assert.Throws<GraphValidationException>(() => GraphFile.Load("/no/such/graph.yaml", ProcessOnly));

        Assert.Contains("/no/such/graph.yaml", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }
}
