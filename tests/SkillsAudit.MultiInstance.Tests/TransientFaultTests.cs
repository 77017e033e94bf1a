using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using Xunit;

namespace SkillsAudit.MultiInstance.Tests;

/// <summary>
/// A connection that breaks inside an explicit transaction (a PostgreSQL restart mid-request) must not fail the unit of
/// work: the execution strategy rolls it back and runs it again, whole, on a fresh connection, with nothing written twice.
/// (A part of <see cref="MultiInstanceTests"/> so that it shares that class's PostgreSQL cluster.)
/// </summary>
public sealed partial class MultiInstanceTests
{
    /// <summary>Breaks the connection on the Nth command that runs inside a transaction, once.</summary>
    private sealed class BreakInsideTransaction(int nth) : DbCommandInterceptor
    {
        private int seen;
        public int Thrown { get; private set; }

        private void Maybe(DbCommand command)
        {
            if (command.Transaction is null || Thrown > 0) return;
            if (++seen == nth)
            {
                Thrown++;
                throw new NpgsqlException("连接被中断（测试注入）", new IOException("simulated connection reset"));
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Maybe(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Maybe(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static AppDb Open(string connectionString, BreakInsideTransaction? fault)
    {
        var options = new DbContextOptionsBuilder<AppDb>();
        DbSetup.Configure(options, connectionString);
        if (fault is not null) options.AddInterceptors(fault);
        return new AppDb(options.Options);
    }

    [Fact]
    public async Task A_connection_broken_in_the_middle_of_the_demo_load_transaction_is_retried_whole_and_loads_everything_once()
    {
        var cs = await env.Pg.CreateDatabaseAsync("skillsaudit_fault_" + Guid.NewGuid().ToString("N")[..8]);
        await using (var setup = Open(cs, null)) await DbSetup.MigrateAsync(setup);

        // The 5th command of the transaction fails: some rows of the first attempt were already sent, and are rolled back.
        var fault = new BreakInsideTransaction(5);
        await using (var db = Open(cs, fault))
        {
            var result = await new DemoLoader(db).LoadAsync(Path.Combine(Build.Root, "demo"));
            result.Loaded.ShouldBeTrue(result.Message);
        }
        fault.Thrown.ShouldBe(1);

        await using var check = Open(cs, null);
        var filings = await check.Filings.CountAsync();
        filings.ShouldBeGreaterThan(40);
        (await check.LegalEntities.GroupBy(e => e.Name).CountAsync(g => g.Count() > 1)).ShouldBe(0);
        var expected = await ReferenceLoadAsync();
        filings.ShouldBe(expected);
    }

    /// <summary>The same load without a fault, into its own database: the count the retried load must reach exactly.</summary>
    private async Task<int> ReferenceLoadAsync()
    {
        var cs = await env.Pg.CreateDatabaseAsync("skillsaudit_nofault_" + Guid.NewGuid().ToString("N")[..8]);
        await using (var setup = Open(cs, null)) await DbSetup.MigrateAsync(setup);
        await using var db = Open(cs, null);
        await new DemoLoader(db).LoadAsync(Path.Combine(Build.Root, "demo"));
        return await db.Filings.CountAsync();
    }
}
