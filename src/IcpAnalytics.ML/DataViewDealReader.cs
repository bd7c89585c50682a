using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace IcpAnalytics.ML;

/// <summary>
/// Reads an <see cref="IDataView"/> as an ADO.NET reader, so deals from a data view go through the one loader engine (column
/// map, inference, validation, load report) exactly like a CSV or a database query. Scalar columns only: text, Boolean, every
/// number type, keys (read as their key value, e.g. the level name, when the column has key values; otherwise the key number),
/// DateTime and DateTimeOffset. Vector and hidden columns are not deal columns and are not offered.
/// </summary>
internal sealed class DataViewDealReader : DbDataReader
{
    private const string KeyValuesKind = "KeyValues";
    private readonly DataViewSchema.Column[] _columns;
    private readonly DataViewRowCursor _cursor;
    private readonly Func<object>[] _getters;
    private readonly CancellationToken _cancellation;
    private bool _closed;

    public DataViewDealReader(IDataView view, CancellationToken cancellation = default)
    {
        _cancellation = cancellation;
        _columns = [.. view.Schema.Where(c => !c.IsHidden && IsScalar(c.Type))];
        _cursor = view.GetRowCursor(_columns);
        _getters = [.. _columns.Select(Getter)];
    }

    /// <summary>The columns a data view offers to the loader, and the ones it leaves out (vectors) with their types.</summary>
    internal static IReadOnlyList<string> LeftOut(IDataView view) =>
        [.. view.Schema.Where(c => !c.IsHidden && !IsScalar(c.Type)).Select(c => $"{c.Name} ({c.Type})")];

    private static bool IsScalar(DataViewType type) =>
        type is TextDataViewType or BooleanDataViewType or NumberDataViewType or KeyDataViewType or DateTimeDataViewType or DateTimeOffsetDataViewType;

    private Func<object> Getter(DataViewSchema.Column column)
    {
        DataViewType type = column.Type;
        if (type is TextDataViewType)
        {
            ValueGetter<ReadOnlyMemory<char>> get = _cursor.GetGetter<ReadOnlyMemory<char>>(column);
            return () =>
            {
                ReadOnlyMemory<char> v = default;
                get(ref v);
                return v.IsEmpty ? DBNull.Value : v.ToString();
            };
        }
        if (type is BooleanDataViewType)
        {
            ValueGetter<bool> get = _cursor.GetGetter<bool>(column);
            return () =>
            {
                bool v = false;
                get(ref v);
                return v;
            };
        }
        if (type is DateTimeDataViewType)
        {
            ValueGetter<DateTime> get = _cursor.GetGetter<DateTime>(column);
            return () =>
            {
                DateTime v = default;
                get(ref v);
                return v == DateTime.MinValue ? DBNull.Value : v;
            };
        }
        if (type is DateTimeOffsetDataViewType)
        {
            ValueGetter<DateTimeOffset> get = _cursor.GetGetter<DateTimeOffset>(column);
            return () =>
            {
                DateTimeOffset v = default;
                get(ref v);
                return v == DateTimeOffset.MinValue ? DBNull.Value : v;
            };
        }
        if (type is KeyDataViewType key) return KeyGetter(column, key);
        Type raw = type.RawType;
        if (raw == typeof(double)) return Number<double>(column, static v => double.IsNaN(v) ? DBNull.Value : v);
        if (raw == typeof(float)) return Number<float>(column, static v => float.IsNaN(v) ? DBNull.Value : (double)v);
        if (raw == typeof(sbyte)) return Number<sbyte>(column, static v => (double)v);
        if (raw == typeof(byte)) return Number<byte>(column, static v => (double)v);
        if (raw == typeof(short)) return Number<short>(column, static v => (double)v);
        if (raw == typeof(ushort)) return Number<ushort>(column, static v => (double)v);
        if (raw == typeof(int)) return Number<int>(column, static v => (double)v);
        if (raw == typeof(uint)) return Number<uint>(column, static v => (double)v);
        if (raw == typeof(long)) return Number<long>(column, static v => v);
        return Number<ulong>(column, static v => v);
    }

    private Func<object> Number<T>(DataViewSchema.Column column, Func<T, object> box)
    {
        ValueGetter<T> get = _cursor.GetGetter<T>(column);
        return () =>
        {
            T v = default!;
            get(ref v);
            return box(v);
        };
    }

    private Func<object> KeyGetter(DataViewSchema.Column column, KeyDataViewType key)
    {
        string[]? names = null;
        if (column.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is { } kv && kv.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.Annotations.GetValue(KeyValuesKind, ref values);
            names = [.. values.DenseValues().Select(v => v.ToString())];
        }
        Func<ulong> read = key.RawType == typeof(uint) ? Key<uint>(column, static v => v)
            : key.RawType == typeof(ushort) ? Key<ushort>(column, static v => v)
            : key.RawType == typeof(byte) ? Key<byte>(column, static v => v)
            : Key<ulong>(column, static v => v);
        return () =>
        {
            ulong k = read();
            if (k == 0) return DBNull.Value;
            if (names is not null && k <= (ulong)names.Length) return names[k - 1];
            return (k - 1).ToString(CultureInfo.InvariantCulture);
        };
    }

    private Func<ulong> Key<T>(DataViewSchema.Column column, Func<T, ulong> widen)
    {
        ValueGetter<T> get = _cursor.GetGetter<T>(column);
        return () =>
        {
            T v = default!;
            get(ref v);
            return widen(v);
        };
    }

    public override int FieldCount => _columns.Length;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int RecordsAffected => -1;

    public override bool HasRows => true;

    public override bool IsClosed => _closed;

    public override int Depth => 0;

    public override string GetName(int ordinal) => _columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (int i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new IndexOutOfRangeException($"The data view has no column '{name}'.");
    }

    public override bool Read()
    {
        _cancellation.ThrowIfCancellationRequested();
        return !_closed && _cursor.MoveNext();
    }

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => _getters[ordinal]();

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = Math.Min(values.Length, _getters.Length);
        for (int i = 0; i < n; i++) values[i] = _getters[i]();
        return n;
    }

    public override bool IsDBNull(int ordinal) => GetValue(ordinal) is DBNull;

    public override Type GetFieldType(int ordinal) => _columns[ordinal].Type switch
    {
        TextDataViewType or KeyDataViewType => typeof(string),
        BooleanDataViewType => typeof(bool),
        DateTimeDataViewType => typeof(DateTime),
        DateTimeOffsetDataViewType => typeof(DateTimeOffset),
        NumberDataViewType n when n.RawType == typeof(long) => typeof(long),
        NumberDataViewType n when n.RawType == typeof(ulong) => typeof(ulong),
        _ => typeof(double),
    };

    public override string GetDataTypeName(int ordinal) => _columns[ordinal].Type.ToString() ?? "";

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("A data view has no binary columns.");

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        string s = GetString(ordinal);
        if (buffer is null) return s.Length;
        int n = (int)Math.Max(0, Math.Min(length, s.Length - dataOffset));
        s.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override float GetFloat(int ordinal) => Convert.ToSingle(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override string GetString(int ordinal) => Convert.ToString(GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        _cursor.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}
