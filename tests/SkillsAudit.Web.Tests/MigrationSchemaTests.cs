using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The hand-written migrations must build exactly the schema the model describes (docs/decisions/0001). One
/// database is migrated, another created from the model; their catalogues must be equal.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_schema_the_model_creates()
    {
        var (migratedCs, _, _) = AppFactory.NewDatabase();
        var (createdCs, _, _) = AppFactory.NewDatabase();
        await using (var migrated = AppFactory.OpenDb(migratedCs)) await migrated.Database.MigrateAsync();
        await using (var created = AppFactory.OpenDb(createdCs)) await created.Database.EnsureCreatedAsync();

        var a = await Describe(migratedCs);
        var b = await Describe(createdCs);
        a.Count.ShouldBeGreaterThan(50);
        string.Join("\n", a.Except(b)).ShouldBe("", "only in the migrated database");
        string.Join("\n", b.Except(a)).ShouldBe("", "only in the model-created database");
    }

    [Fact]
    public void The_start_up_list_of_migration_ids_is_EF_Cores_list()
    {
        using var db = AppFactory.OpenDb("Data Source=:memory:");
        var ef = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>(db).Migrations.Keys;
        SkillsAudit.Data.Migrations.MigrationIds.All.ShouldBe(ef, "add the new migration's id to src/SkillsAudit.Data/Migrations/MigrationIds.cs");
    }

    private static async Task<List<string>> Describe(string cs)
    {
        await using var db = AppFactory.OpenDb(cs);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var sql = AppFactory.UsePostgres
            ? """
              SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable || ' identity=' || is_identity
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'idx ' || tablename || ' ' || regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+', '\1') || ' ' || indexname
                FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'con ' || tc.table_name || ' ' || tc.constraint_type || ' ' || tc.constraint_name || ' ' || coalesce(rc.delete_rule, '')
                FROM information_schema.table_constraints tc LEFT JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
                WHERE tc.table_schema = 'public' AND tc.table_name <> '__EFMigrationsHistory' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE')
              """
            : """
              SELECT 'col ' || m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p."notnull" || ' pk=' || p.pk
                FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock', 'sqlite_sequence')
              UNION ALL
              SELECT 'idx ' || m.tbl_name || ' ' || m.name || ' unique=' || il."unique" || ' cols=' || (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii)
                FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) il ON il.name = m.name WHERE m.type = 'index' AND m.tbl_name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete
                FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
              UNION ALL
              SELECT 'auto ' || name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'
              """;
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var rows = new List<string>();
        await using DbDataReader r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows.Order(StringComparer.Ordinal).ToList();
    }
}
