namespace SkillsAudit.Data.Migrations;

/// <summary>
/// The ids of this build's migrations, in order, for the start-up check of what is pending (DbStartup): EF Core finds
/// them by listing every type of this assembly, about 40 ms of every start (issue 16). A new migration adds its id here;
/// MigrationSchemaTests fails while this list and EF Core's differ.
/// </summary>
public static class MigrationIds
{
    public static IReadOnlyList<string> All { get; } =
    [
        "20261121000001_Registry",
        "20261121000002_Rubrics",
        "20261121000003_Statistics",
        "20261121000004_StatisticsRollup",
        "20261121000005_Campaigns",
        "20261121000006_Rules",
        "20261121000007_Notices",
        "20261121000008_DrawInspectorNames",
        "20261202000009_Accounts",
        "20261202000010_SharedState",
        "20261202000011_ReviewDecisions",
        "20261202000012_NoticePlanAndCorrections",
        "20261202000015_ImportBatches",
        "20261202000016_Notifications",
        "20261202000017_BoardCalendarReviewRequests",
        "20261202000018_Risk",
        "20261202000020_SignInThrottles",
        "20261203000021_StatisticsRecordsKeyOnly",
        "20261203000022_EndedSessions",
        "20261204000023_OccupationApplications",
        "20261204000024_CertificateRevocation",
        "20261205000025_RequestWithdrawal",
    ];
}
