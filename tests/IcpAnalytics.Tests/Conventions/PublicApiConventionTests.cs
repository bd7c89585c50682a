using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Conventions;

public class PublicApiConventionTests
{
    private static readonly Assembly Library = typeof(DealSet).Assembly;

    [Fact]
    public void PublicTypes_HaveNoPublicMutableSetters()
    {
        var offenders = new List<string>();
        foreach (Type type in Library.GetExportedTypes())
        {
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                MethodInfo? setter = property.SetMethod;
                if (setter is null || !setter.IsPublic) continue;
                bool isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                if (!isInit) offenders.Add($"{type.FullName}.{property.Name}");
            }
        }
        Assert.True(offenders.Count == 0, "Results and options must be immutable (get or init only): " + string.Join(", ", offenders));
    }

    [Fact]
    public void PublicTypes_HaveNoPublicFields()
    {
        var offenders = Library.GetExportedTypes()
            .Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsLiteral && !(f.IsStatic && f.IsInitOnly))
                .Select(f => $"{t.FullName}.{f.Name}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Public mutable fields: " + string.Join(", ", offenders));
    }

    [Fact]
    public void PublicApi_ExposesNoMathNetTypes()
    {
        var offenders = new List<string>();
        foreach (Type type in Library.GetExportedTypes())
        {
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                IEnumerable<Type> types = member switch
                {
                    PropertyInfo p => [p.PropertyType],
                    MethodInfo m => m.GetParameters().Select(x => x.ParameterType).Append(m.ReturnType),
                    ConstructorInfo c => c.GetParameters().Select(x => x.ParameterType),
                    FieldInfo f => [f.FieldType],
                    _ => [],
                };
                if (types.Any(t => (t.Namespace ?? "").StartsWith("MathNet", StringComparison.Ordinal)))
                    offenders.Add($"{type.FullName}.{member.Name}");
            }
        }
        Assert.True(offenders.Count == 0, "MathNet types in the public API: " + string.Join(", ", offenders));
    }

    [Fact]
    public void OptionsRecords_DocumentTheirDefaults()
    {
        string xmlPath = Path.ChangeExtension(Library.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"XML documentation not generated at {xmlPath}.");
        string xml = File.ReadAllText(xmlPath);
        var missing = new List<string>();
        Type[] optionTypes = [.. Library.GetExportedTypes().Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.IsEnum)];
        Assert.Contains(typeof(SampleDealsOptions), optionTypes);
        foreach (Type type in optionTypes)
        {
            foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (p.SetMethod is null || p.Name == "EqualityContract") continue;
                string id = $"P:{type.FullName}.{p.Name}";
                int at = xml.IndexOf($"name=\"{id}\"", StringComparison.Ordinal);
                int end = at < 0 ? -1 : xml.IndexOf("</member>", at, StringComparison.Ordinal);
                if (at < 0 || end < 0 || !xml[at..end].Contains("default", StringComparison.OrdinalIgnoreCase)) missing.Add(id);
            }
        }
        Assert.True(missing.Count == 0, "Options without a documented default (<value>The default is …</value>): " + string.Join(", ", missing));
    }

    [Fact]
    public void OptionsDefaults_DocInitializerAndConstantAgree()
    {
        // Every options property documented as "The default is <see cref="DefaultX"/> (v)" is initialized from the constant
        // DefaultX, and v is the constant's value, so the doc, the initializer and the messages (which read DefaultX) agree.
        string xml = File.ReadAllText(Path.ChangeExtension(Library.Location, ".xml"));
        var pattern = new System.Text.RegularExpressions.Regex(@"<member name=""P:(?<type>[\w.]+)\.(?<prop>\w+)"">(?:(?!</member>).)*?<value>The default is <see cref=""F:\k<type>\.(?<const>Default\w+)""\s*/> \((?<doc>[^)]*)\)",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        var checkedOnes = new List<string>();
        var wrong = new List<string>();
        foreach (System.Text.RegularExpressions.Match m in pattern.Matches(xml))
        {
            Type type = Library.GetType(m.Groups["type"].Value, throwOnError: true)!;
            object? constant = type.GetField(m.Groups["const"].Value, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue();
            string shown = constant is int i ? i.ToString("N0", CultureInfo.InvariantCulture) : Convert.ToString(constant, CultureInfo.InvariantCulture)!;
            object? initial = type.GetProperty(m.Groups["prop"].Value)!.GetValue(Activator.CreateInstance(type));
            if (shown != m.Groups["doc"].Value || !Equals(initial, constant)) wrong.Add($"{type.Name}.{m.Groups["prop"].Value}: doc {m.Groups["doc"].Value}, constant {shown}, initial {initial}");
            checkedOnes.Add($"{type.Name}.{m.Groups["prop"].Value}");
        }
        Assert.Contains("IcpOptions.MinDeals", checkedOnes);
        Assert.Contains("EffortEffectsOptions.ExtremeLeverage", checkedOnes);
        Assert.Contains("SegmentYieldOptions.MaxCombinations", checkedOnes);
        Assert.Contains("ProfitYieldReportOptions.MaxCurvePoints", checkedOnes);
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }
}
