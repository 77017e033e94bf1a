using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every process uses a compiled EF model (src/SkillsAudit.Data/CompiledModels, one per provider) instead of building
/// the model at start-up. A compiled model is generated code: when the entity configurations change and nobody runs
/// tools/compiled-model, it silently disagrees with them. These tests compare it, piece by piece, with the model the
/// configurations build, for both providers (nothing connects to a database).
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<string> Providers => new() { "Data Source=:memory:", "Host=localhost;Database=skillsaudit_model_only" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_model_the_configurations_build(string connectionString)
    {
        using var compiled = AppFactory.OpenDb(connectionString, compiledModel: true);
        using var built = AppFactory.OpenDb(connectionString, compiledModel: false);
        compiled.Model.GetType().Namespace.ShouldStartWith("SkillsAudit.Data.CompiledModels.", customMessage: "the app must run on the compiled model");
        built.Model.GetType().Namespace!.ShouldNotStartWith("SkillsAudit.Data.CompiledModels.");

        var a = Describe(compiled.Model);
        var b = Describe(built.Model);
        a.Count.ShouldBeGreaterThan(500);
        const string hint = " — the compiled model is out of date: run tools/compiled-model";
        string.Join("\n", b.Except(a)).ShouldBe("", "only in the configurations" + hint);
        string.Join("\n", a.Except(b)).ShouldBe("", "only in the compiled model" + hint);
    }

    /// <summary>
    /// EF Core compiles a setter for each settable DbSet property when the first context of a process is made (issue 16,
    /// start-up); the context's sets, Identity's included, are read-only.
    /// </summary>
    [Fact]
    public void No_set_of_the_context_has_a_setter_for_EF_to_compile()
    {
        var sets = typeof(AppDb).GetRuntimeProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>)).ToList();
        sets.Count.ShouldBeGreaterThan(20);
        sets.Where(p => p.SetMethod is not null).Select(p => p.Name).ShouldBeEmpty();
        using var db = AppFactory.OpenDb("Data Source=:memory:", compiledModel: true);
        db.Users.ShouldNotBeNull();
        db.Roles.EntityType.ClrType.ShouldBe(typeof(Microsoft.AspNetCore.Identity.IdentityRole));
    }

    [Fact]
    public void No_compiled_model_is_picked_up_by_EF_on_its_own()
    {
        // Two providers, two models: each is chosen explicitly (DbSetup.Configure), so an assembly-wide
        // [DbContextModel] (which dotnet ef writes) must not be there.
        typeof(AppDb).Assembly.GetCustomAttributes<DbContextModelAttribute>().ShouldBeEmpty();
    }

    private static List<string> Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var e in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var n = e.Name;
            lines.Add($"E {n} table={e.GetTableName()} schema={e.GetSchema()} owned={e.IsOwned()} base={e.BaseType?.Name} " +
                      $"discriminator={e.FindDiscriminatorProperty()?.Name}:{e.GetDiscriminatorValue()} filters={e.GetDeclaredQueryFilters().Count}");
            foreach (var p in e.GetDeclaredProperties())
            {
                var c = p.GetValueConverter();
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"P {n}.{p.Name} {p.ClrType} null={p.IsNullable} column={p.GetColumnName()} max={p.GetMaxLength()} " +
                    $"precision={p.GetPrecision()},{p.GetScale()} unicode={p.IsUnicode()} concurrency={p.IsConcurrencyToken} " +
                    $"generated={p.ValueGenerated} shadow={p.IsShadowProperty()} field={p.FieldInfo?.Name} " +
                    $"converter={c?.ModelClrType}->{c?.ProviderClrType} provider={p.GetProviderClrType()} mapping={p.FindRelationalTypeMapping()?.StoreType}"));
            }
            foreach (var k in e.GetDeclaredKeys())
                lines.Add($"K {n} ({Names(k.Properties)}) primary={k.IsPrimaryKey()} name={k.GetName()}");
            foreach (var f in e.GetDeclaredForeignKeys())
                lines.Add($"F {n} ({Names(f.Properties)}) -> {f.PrincipalEntityType.Name} ({Names(f.PrincipalKey.Properties)}) delete={f.DeleteBehavior} " +
                          $"required={f.IsRequired} dependentRequired={f.IsRequiredDependent} unique={f.IsUnique} ownership={f.IsOwnership} name={f.GetConstraintName()}");
            foreach (var i in e.GetDeclaredIndexes())
                lines.Add($"I {n} {i.GetDatabaseName()} ({Names(i.Properties)}) unique={i.IsUnique}");
            foreach (var nav in e.GetDeclaredNavigations())
                lines.Add($"N {n}.{nav.Name} -> {nav.TargetEntityType.Name} collection={nav.IsCollection} onDependent={nav.IsOnDependent} field={nav.FieldInfo?.Name}");
            foreach (var s in e.GetDeclaredSkipNavigations())
                lines.Add($"S {n}.{s.Name} -> {s.TargetEntityType.Name}");
        }
        // The tables as the database sees them (what EnsureCreated and the queries use).
        foreach (var t in model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var c in t.Columns)
                lines.Add($"T {t.Name}.{c.Name} {c.StoreType} null={c.IsNullable} default={Stored(() => c.DefaultValueSql)}|{Stored(() => c.DefaultValue)} computed={Stored(() => c.ComputedColumnSql)}");
            foreach (var i in t.Indexes)
                lines.Add($"TI {t.Name} {i.Name} ({string.Join(",", i.Columns.Select(c => c.Name))}) unique={i.IsUnique} filter={Stored(() => i.Filter)}");
            foreach (var f in t.ForeignKeyConstraints)
                lines.Add($"TF {t.Name} {f.Name} ({string.Join(",", f.Columns.Select(c => c.Name))}) -> {f.PrincipalTable.Name} on delete {f.OnDeleteAction}");
            foreach (var u in t.UniqueConstraints)
                lines.Add($"TU {t.Name} {u.Name} ({string.Join(",", u.Columns.Select(c => c.Name))})");
        }
        return lines;
    }

    /// <summary>A setting the read-optimized model keeps only when the app needs it at run time ("-" when it does not).</summary>
    private static string Stored(Func<object?> read)
    {
        try { return Convert.ToString(read(), CultureInfo.InvariantCulture) ?? ""; }
        catch (InvalidOperationException) { return "-"; }
    }

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(",", properties.Select(p => p.Name));
}
