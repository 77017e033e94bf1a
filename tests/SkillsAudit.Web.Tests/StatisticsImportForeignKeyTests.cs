using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Statistics;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// On SQLite the import leaves out the foreign-key check of each row it writes and checks the filings written all at
/// once before the commit (StatisticsImport). What the per-row check refused is still refused, and the connection is
/// handed back checking foreign keys again.
/// </summary>
public sealed class StatisticsImportForeignKeyTests(AppFactory app) : IClassFixture<AppFactory>
{
    // five years of one demo filing (淮南市博通职业培训学校, 备案号 S000034040016)
    private static MemoryStream Csv() => new(Encoding.UTF8.GetBytes("序号,备案号,年度,组织评价,评价合格\n"
        + string.Concat(Enumerable.Range(1, 5).Select(i => $"{i},S000034040016,{2010 + i},{i * 10},{i * 5}\n"))));

    private AppDb Db(params IInterceptor[] interceptors)
    {
        _ = app.Server;
        var options = new DbContextOptionsBuilder<AppDb>();
        DbSetup.Configure(options, app.ConnectionString);
        options.AddInterceptors(interceptors);
        return new AppDb(options.Options, new FixedActor("test"));
    }

    private static StatisticsImport Import(AppDb db) => new(db, new StatisticsImportOptions(), new AccessGuard(db, new OperatorActor("test")));

    [Fact]
    public async Task After_an_import_the_connection_checks_foreign_keys_again()
    {
        await using var db = Db();
        var report = await Import(db).ImportAsync(Csv(), "fk.csv", null, dryRun: false);
        report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
        report.Written.ShouldBe(5);
        await db.Database.OpenConnectionAsync();
        if (!AppFactory.UsePostgres)
        {
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys";
            Convert.ToInt64(await pragma.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        }
        // a record of no filing is refused on this connection, as before the import
        await Should.ThrowAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"StatisticsRecords\" (\"FilingId\", \"Year\", \"OccupationKey\", \"Assessed\") VALUES (999999, 2020, '', 1)"));
    }

    [Fact]
    public async Task Rows_of_a_filing_deleted_while_the_import_runs_are_refused_and_nothing_is_written()
    {
        await using var db = Db(new DeleteFilingsWhenTheImportBegins());
        var records = await db.StatisticsRecords.CountAsync();
        var filings = await db.Filings.CountAsync();
        if (AppFactory.UsePostgres)
        {
            // PostgreSQL checks each row as ever: the first row of the deleted filing fails, and the import with it
            await Should.ThrowAsync<DbException>(() => Import(db).ImportAsync(Csv(), "gone.csv", null, dryRun: false));
        }
        else
        {
            var report = await Import(db).ImportAsync(Csv(), "gone.csv", null, dryRun: false);
            var issue = report.Errors.ShouldHaveSingleItem();
            issue.Code.ShouldBe("import.filing-gone");
            issue.Message.ShouldBe("导入期间有 1 个备案被删除，本次导入未写入任何数据，请重新导入");
            report.Written.ShouldBe(0);
        }
        // all rolled back, the deletion with it
        await using var after = Db();
        (await after.StatisticsRecords.CountAsync()).ShouldBe(records);
        (await after.Filings.CountAsync()).ShouldBe(filings);
    }

    /// <summary>Deletes the filing the rows belong to as the import's transaction begins: after the import read the filings, before it writes.</summary>
    private sealed class DeleteFilingsWhenTheImportBegins : DbTransactionInterceptor
    {
        public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = result;
            cmd.CommandText = "DELETE FROM \"Filings\" WHERE \"Number\" = 'S000034040016'";
            (await cmd.ExecuteNonQueryAsync(cancellationToken)).ShouldBe(1);
            return result;
        }
    }
}
