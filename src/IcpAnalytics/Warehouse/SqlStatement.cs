using System.Data.Common;
using System.Globalization;
using System.Text;

namespace IcpAnalytics.Warehouses;

/// <summary>
/// A generated statement: SQL text in which every identifier is quoted and every value is a parameter marker, and the
/// parameter values. <see cref="CheckReadOnly"/> proves, before anything is sent, that the text is one SELECT (or WITH …
/// SELECT) statement: outside quoted identifiers and string literals it holds no statement separator, no comment marker
/// and no keyword that writes or changes anything.
/// </summary>
internal sealed class SqlStatement
{
    private readonly List<object?> _values = [];
    private readonly SqlDialect _dialect;

    internal SqlStatement(SqlDialect dialect) => _dialect = dialect;

    internal StringBuilder Text { get; } = new();

    internal IReadOnlyList<object?> Values => _values;

    /// <summary>Adds a value as a parameter and returns its marker.</summary>
    internal string Parameter(object? value)
    {
        _values.Add(value);
        return _dialect.ParameterMarker(_values.Count - 1);
    }

    internal SqlStatement Append(string sql)
    {
        Text.Append(sql);
        return this;
    }

    internal SqlStatement Append(char c)
    {
        Text.Append(c);
        return this;
    }

    public override string ToString() => Text.ToString();

    private static readonly string[] Forbidden =
    [
        "insert", "update", "delete", "merge", "drop", "create", "alter", "truncate", "grant", "revoke", "copy", "call",
        "execute", "exec", "attach", "detach", "install", "load", "pragma", "set", "vacuum", "checkpoint", "export",
        "import", "begin", "commit", "rollback", "into", "do", "lock", "listen", "notify", "prepare", "deallocate", "reset",
        "comment", "refresh", "use", "put", "remove", "undrop", "optimize", "cache", "uncache", "msck", "analyze",
    ];

    /// <summary>
    /// Throws unless the text, read with the dialect's quoting rules, is one read-only query: it starts with SELECT or WITH,
    /// and outside quotes there is no ';', no '--' or '/*', and none of the words that write, change settings or run other
    /// statements (INSERT, UPDATE, DROP, COPY, SET, ATTACH, INTO, …). Identifiers and literals can hold anything: they are quoted.
    /// </summary>
    internal static void CheckReadOnly(string sql, SqlDialect dialect)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char quote = dialect.IdentifierQuote;
        bool backslash = dialect.BackslashEscapes;
        int i = 0;
        void EndWord()
        {
            if (word.Length > 0) words.Add(word.ToString().ToLowerInvariant());
            word.Clear();
        }
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c == quote || c == '\'')
            {
                EndWord();
                char q = c;
                i++;
                while (true)
                {
                    if (i >= sql.Length) throw Unsafe("a quoted name or literal is not closed");
                    char d = sql[i];
                    if (backslash && d == '\\')
                    {
                        i += 2;
                        continue;
                    }
                    if (d == q)
                    {
                        if (!backslash && i + 1 < sql.Length && sql[i + 1] == q)
                        {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                continue;
            }
            if (c == ';') throw Unsafe("it holds a statement separator");
            if ((c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') || (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*') || c == '#')
                throw Unsafe("it holds a comment marker");
            if (char.IsLetterOrDigit(c) || c == '_') word.Append(c);
            else EndWord();
            i++;
        }
        EndWord();
        if (words.Count == 0 || (words[0] != "select" && words[0] != "with"))
            throw Unsafe("it does not start with SELECT or WITH");
        foreach (string w in words)
        {
            if (Array.IndexOf(Forbidden, w) >= 0)
                throw Unsafe(string.Create(CultureInfo.InvariantCulture, $"it holds the keyword {w.ToUpperInvariant()} outside quotes"));
        }
    }

    private static InvalidOperationException Unsafe(string why) =>
        new($"A generated warehouse statement was refused before it was sent because {why}; only one read-only SELECT is ever sent. This is a bug in IcpAnalytics: please report it (the statement is not shown, as it may name confidential columns).");

    /// <summary>Creates the command: the checked text, the parameters, the timeout, in the read-only transaction.</summary>
    internal DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, TimeSpan timeout)
    {
        string sql = Text.ToString();
        CheckReadOnly(sql, _dialect);
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);
        for (int k = 0; k < _values.Count; k++)
        {
            DbParameter p = command.CreateParameter();
            p.ParameterName = _dialect.ParameterName(k);
            p.Value = _values[k] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
