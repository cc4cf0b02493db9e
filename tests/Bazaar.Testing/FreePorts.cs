using System.Net;
using System.Net.Sockets;

namespace Bazaar.Testing;

/// <summary>Free loopback ports for services a test starts.</summary>
public static class FreePorts
{
    /// <summary>Finds <paramref name="count"/> consecutive free loopback ports (Azurite's blob, queue and table follow each other).</summary>
    /// <param name="count">How many.</param>
    /// <returns>The first port.</returns>
    public static int Consecutive(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // Taken: try another range.
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports found.");
    }

    /// <summary>Tells whether something accepts connections on a loopback port.</summary>
    /// <param name="port">The port.</param>
    /// <returns>Whether it answered.</returns>
    public static bool IsListening(int port) => Bazaar.Hosting.AzuriteProcess.IsListening(port);
}
