using System.Reflection;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Conventions;

/// <summary>
/// Makes every change to the public API visible in review: the API is listed member by member and compared with
/// PublicApi.approved.txt. After an intended change, copy the PublicApi.received.txt the failure names over the approved file.
/// </summary>
public class PublicApiSnapshotTests
{
    [Fact]
    public void PublicApi_MatchesApprovedListing()
    {
        string listing = PublicApiListing.Of(typeof(DealSet).Assembly);
        string dir = Path.Combine(AppContext.BaseDirectory, "Conventions");
        string approvedPath = Path.Combine(dir, "PublicApi.approved.txt");
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == listing) return;
        string received = Path.Combine(dir, "PublicApi.received.txt");
        File.WriteAllText(received, listing);
        // Lines are listed under their type, so identical member lines of different types stay distinct.
        string[] was = Qualified(approved);
        string[] now = Qualified(listing);
        var added = now.Except(was).Take(20).ToList();
        var removed = was.Except(now).Take(20).ToList();
        Assert.Fail($"The public API changed. Added: {string.Join(" | ", added)}. Removed: {string.Join(" | ", removed)}. " +
            $"If intended, copy {received} over tests/IcpAnalytics.Tests/Conventions/PublicApi.approved.txt.");
    }

    private static string[] Qualified(string listing)
    {
        var lines = new List<string>();
        string type = "";
        foreach (string line in listing.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith(' ')) type = line;
            lines.Add(line.StartsWith(' ') ? type + " ::" + line : line);
        }
        return [.. lines];
    }
}

internal static class PublicApiListing
{
    public static string Of(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(Kind(type) + " " + Name(type));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = new List<string>();
            foreach (MemberInfo m in type.GetMembers(flags))
            {
                string? text = m switch
                {
                    ConstructorInfo c => $"  ctor({Parameters(c)})",
                    MethodInfo mi when !mi.IsSpecialName && !IsCompilerGenerated(mi) =>
                        $"  {(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}{Generic(mi)}({Parameters(mi)})",
                    PropertyInfo p => $"  {Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{Setter(p)} }}",
                    FieldInfo f when !type.IsEnum => $"  {(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
                    FieldInfo f when type.IsEnum && f.IsLiteral => $"  {f.Name}",
                    EventInfo e => $"  event {Name(e.EventHandlerType!)} {e.Name}",
                    _ => null,
                };
                if (text is not null) members.Add(text);
            }
            members.Sort(StringComparer.Ordinal);
            lines.AddRange(members);
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Setter(PropertyInfo p) =>
        p.SetMethod?.IsPublic != true ? ""
        : p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)) ? " init;" : " set;";

    private static bool IsCompilerGenerated(MethodInfo m) =>
        m.Name is "<Clone>$" or "PrintMembers" || m.Name.StartsWith('<');

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class" : "class";

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")));

    private static string Name(Type t)
    {
        if (t.IsByRef) return "ref " + Name(t.GetElementType()!);
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        if (t.IsGenericParameter) return t.Name;
        if (t.IsGenericType)
        {
            string baseName = (t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace + ".") + t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)];
            return baseName + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
        }
        return t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.FullName ?? t.Name;
    }
}
