package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import java.util.List;

/**
 * What a trace found when it applied a migration, its down migration, and the migration again
 * (migrations --trace, for each migration whose down is among the inputs), for the rule that reads
 * it ({@link MigrationStep#rollback()}).
 *
 * @param down           where the down starts: its first statement, or the down file's first line (the section's
 *                       annotation) when it holds no statement
 * @param downStatements how many statements the down holds
 * @param suppressed     rule ids suppressed inline on the down's first statement
 * @param failedDown     the down's statement that failed, or null
 * @param failure        the server's message for it
 * @param notRestored    how the catalog after the down differs from the catalog before the migration
 * @param failedUpAgain  the migration's statement that failed when applied again after the down, or null
 * @param upAgainFailure the server's message for it
 * @param upAgainDiffers how the catalog after the migration applied again differs from the one after its first run
 * @param notChecked     why the check could not be made (a statement needed more than the trace's role has), or null
 * @param tracedOn       which server traced it
 * @param migrator       the tool that applies the migration (and runs its down)
 */
public record MigrationRollback(SourceLocation down, int downStatements, java.util.Set<String> suppressed, TraceScript.Statement failedDown, String failure,
                                List<String> notRestored, TraceScript.Statement failedUpAgain, String upAgainFailure,
                                List<String> upAgainDiffers, String notChecked, String tracedOn, Migrator migrator) {
    public MigrationRollback {
        suppressed = suppressed == null ? java.util.Set.of() : java.util.Set.copyOf(suppressed);
        notRestored = List.copyOf(notRestored);
        upAgainDiffers = List.copyOf(upAgainDiffers);
    }

    /** The down put back the catalog the migration found, and the migration applied again left what it left the first time. */
    public boolean restored() {
        return notChecked == null && failedDown == null && notRestored.isEmpty() && failedUpAgain == null && upAgainDiffers.isEmpty();
    }
}
