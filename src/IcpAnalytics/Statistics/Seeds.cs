namespace IcpAnalytics.Statistics;

/// <summary>Deterministic seed derivation (HashCode.Combine is randomized per process, so it must not feed seeds).</summary>
internal static class Seeds
{
    /// <summary>Mixes a seed with up to three stream numbers (SplitMix64 finalizer), the same in every process.</summary>
    public static int Mix(int seed, int a, int b = 0, int c = 0)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        z ^= (ulong)(uint)a + 0x632BE59BD9B4E019UL + (z << 6) + (z >> 2);
        z ^= (ulong)(uint)b * 0xBF58476D1CE4E5B9UL + (z << 6) + (z >> 2);
        z ^= (ulong)(uint)c * 0x94D049BB133111EBUL + (z << 6) + (z >> 2);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
