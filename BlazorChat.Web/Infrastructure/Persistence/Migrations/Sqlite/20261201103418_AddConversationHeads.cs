using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorChat.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddConversationHeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "Messages",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Rev",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "Conversations",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    LastSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRev = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversations", x => x.Key);
                });

            // Existing messages: rev is seq; each (sender, clientMsgId)'s newest use holds the key; every
            // conversation's head is its highest seq.
            migrationBuilder.Sql("""
                UPDATE "Messages" SET "Rev" = "Seq";
                """);
            migrationBuilder.Sql("""
                UPDATE "Messages" SET "IdempotencyKey" = "ClientMsgId"
                WHERE "ClientMsgId" IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM "Messages" AS newer
                    WHERE newer."From" = "Messages"."From" AND newer."ClientMsgId" = "Messages"."ClientMsgId"
                      AND (newer."SentAt" > "Messages"."SentAt"
                           OR (newer."SentAt" = "Messages"."SentAt" AND newer."MessageId" > "Messages"."MessageId")));
                """);
            migrationBuilder.Sql("""
                INSERT INTO "Conversations" ("Key", "LastSeq", "LastRev")
                SELECT "Conversation", MAX("Seq"), MAX("Seq") FROM "Messages" GROUP BY "Conversation";
                """);

            migrationBuilder.DropIndex(
                name: "IX_Messages_From_ClientMsgId",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_From_IdempotencyKey",
                table: "Messages",
                columns: new[] { "From", "IdempotencyKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_Messages_From_IdempotencyKey",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Rev",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_From_ClientMsgId",
                table: "Messages",
                columns: new[] { "From", "ClientMsgId" });
        }
    }
}
