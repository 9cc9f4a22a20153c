package dev.querylens.analysis;

import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Duplicate and redundant indexes as drops of the index plan, as unused indexes are
 * ({@link IndexPlan#checkDrops}): with a live planner, the workload's statements on the table are
 * planned on the database, and the finding names those whose chosen plan scans the index to drop
 * (they would move to the index kept, which serves the same scans: the same definition, or keys it
 * leads with) and those that already plan with the kept one, with the write cost the drop saves
 * from the live statistics where they were read. Without a live planner the finding stays as the
 * rule wrote it.
 */
final class OverlappingIndexDrops {
    private OverlappingIndexDrops() {
    }

    static List<Finding> check(List<Finding> findings, List<OfflineAdvisor.Statement> statements, IndexAdvisor advisor, LiveHealth health) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            boolean duplicate = f.rule().equals("duplicate-index");
            if (!(duplicate || f.rule().equals("redundant-index")) || f.table() == null
                    || !(f.evidence().get("dropIndex") instanceof String drop) || !(f.evidence().get("keepIndex") instanceof String keep)) {
                out.add(f);
                continue;
            }
            IndexAdvisor.DropCheck dropped = advisor.checkDrop(statements, f.table(), drop);
            if (dropped == null) {
                out.add(f);
                continue;
            }
            // the same plans, read once per statement: which already scan the kept index
            IndexAdvisor.DropCheck kept = advisor.checkDrop(statements, f.table(), keep);
            LiveHealth.IndexUse use = use(health, f.table(), drop);
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("writeCostSaved", use == null
                    ? "every insert and every update that is not HOT writes an entry to it as well as to " + keep
                    : "index entries the table's writes added to it: " + use.entriesWritten() + " since the statistics reset, and "
                            + use.sizeBytes() + " bytes");
            check.put("statementsChecked", dropped.statementsChecked());
            check.put("statementsMovingToKept", dropped.losing());
            check.put("statementsUsingKept", kept.losing());
            check.put("statementsNotPlanned", dropped.notPlanned());
            check.put("keptIndex", keep);
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            evidence.put("dropCheck", check);
            String serves = duplicate ? keep + " has the same definition, so the planner costs it the same"
                    : keep + " leads with its keys, so it serves the same scans (it is wider: a little more to read per scan)";
            String said;
            if (!dropped.losing().isEmpty()) {
                said = " What-if planning on the live database: " + dropped.losing().size() + " of the workload's "
                        + dropped.statementsChecked() + " statements on " + f.table() + " scan " + drop + " in their chosen plan ("
                        + String.join(", ", dropped.losing()) + ") and would plan with " + keep + " once it is dropped: " + serves + ".";
            } else if (dropped.statementsChecked() > 0) {
                said = " What-if planning on the live database: none of the workload's " + dropped.statementsChecked()
                        + " statements on " + f.table() + " scans " + drop + " in its chosen plan ("
                        + kept.losing().size() + " scan " + keep + "), so dropping it changes none of their plans"
                        + (dropped.notPlanned() > 0 ? " (" + dropped.notPlanned() + " more could not be planned)" : "") + ".";
            } else {
                said = dropped.notPlanned() > 0 ? " What-if planning could not plan the workload's " + dropped.notPlanned()
                        + " statements on " + f.table() + ": which would move to " + keep + " is unknown." : "";
            }
            out.add(new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence,
                    f.fix() + said, f.timeAtStakeMs()));
        }
        return out;
    }

    private static LiveHealth.IndexUse use(LiveHealth health, String table, String index) {
        if (health == null) {
            return null;
        }
        for (LiveHealth.IndexUse u : health.indexes()) {
            if ((u.schema() + "." + u.table()).equals(table) && u.name().equals(index)) {
                return u;
            }
        }
        return null;
    }
}
