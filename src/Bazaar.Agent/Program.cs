using Bazaar.Agent;

// bazaar-agent: runs one step attempt described by a remote step protocol request (README, "The remote
// step protocol") and reports how it ended. See README.md next to this file for the options and exit codes.
return await StepAgent.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
