package dev.switchboard.imports;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobProgress;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Together;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One run of one import job. First every row is read and checked (on a worker thread), and the problems are stored;
 * a file that is not well-formed CSV, or any invalid row in all-or-nothing mode, stops the import there. Then the rows
 * are read again and written in batches: each batch in one transaction together with the progress, including the last
 * row written, so a run that resumes after a crash carries on after it. In all-or-nothing mode every batch shares one
 * transaction, and a reference to something outside the organization rolls all of it back.
 */
final class ImportRun<T> {

    static final int BATCH = 500;
    /** At most this many problems are stored per import; the counts stay exact. */
    static final int MAX_STORED_ERRORS = 10_000;

    private final Vertx vertx;
    private final Db db;
    private final Changes changes;
    private final ImportTarget<T> target;
    private final ImportRequest request;
    private final UUID jobId;
    private final Path file;
    private final Principal p;
    private final ImportProgress progress;
    private final Set<String> seen = new HashSet<>();

    ImportRun(Vertx vertx, Db db, Changes changes, ImportTarget<T> target, ImportRequest request, UUID jobId, Path file,
              ImportProgress progress) {
        this.vertx = vertx;
        this.db = db;
        this.changes = changes;
        this.target = target;
        this.request = request;
        this.jobId = jobId;
        this.file = file;
        this.p = request.principal();
        this.progress = progress;
    }

    Future<Void> run() {
        return vertx.executeBlocking(this::check).compose(checked -> {
            progress.checked(checked.rows(), checked.invalid());
            boolean stop = checked.formatError() != null || (request.allOrNothing() && checked.invalid() > 0);
            if (checked.formatError() != null) {
                progress.rejected(checked.formatError().message());
            }
            return db.inTenant(p.tenantId(), conn -> ImportStore.insertErrors(conn, p.tenantId(), jobId, checked.errors())
                    .compose(v -> stop ? finish(conn) : JobProgress.set(conn, p.tenantId(), jobId, progress.toJson())))
                    .compose(v -> stop ? Future.succeededFuture() : write());
        });
    }

    // --- checking: every row, as the create route checks a body ---

    private record Checked(int rows, int invalid, List<RowError> errors, RowError formatError) {
    }

    private Checked check() throws IOException {
        List<RowError> errors = new ArrayList<>();
        int rows = 0;
        int invalid = 0;
        try (BufferedReader in = open()) {
            CsvReader reader = new CsvReader(in);
            List<String> header = header(reader);
            for (List<String> cells = reader.next(); cells != null; cells = reader.next()) {
                if (blank(cells)) {
                    continue;
                }
                rows++;
                List<FieldError> problems = problems(header, cells);
                if (!problems.isEmpty()) {
                    invalid++;
                    for (int i = 0; i < problems.size() && errors.size() < MAX_STORED_ERRORS; i++) {
                        errors.add(RowError.of(reader.record(), i, problems.get(i).field(), problems.get(i).message()));
                    }
                }
            }
        } catch (CsvReader.CsvFormatException e) {
            RowError error = RowError.of(e.row(), 0, "file", "row " + e.row() + ": " + e.getMessage());
            errors.add(error);
            return new Checked(rows, invalid, errors, error);
        }
        return new Checked(rows, invalid, errors, null);
    }

    private List<FieldError> problems(List<String> header, List<String> cells) {
        if (cells.size() != header.size()) {
            return List.of(new FieldError("row", "has " + cells.size() + " values; the header has " + header.size()));
        }
        try {
            target.prepare(p, row(header, cells));
            return List.of();
        } catch (ApiException e) {
            return e.errors().isEmpty() ? List.of(new FieldError("row", e.detail())) : e.errors();
        }
    }

    // --- writing: the valid rows, in batches, each batch with its progress ---

    private record Prepared<T>(int row, T record) {
    }

    private record Batch<T>(List<Prepared<T>> rows, int lastRow, boolean last) {
    }

    private Future<Void> write() {
        return vertx.executeBlocking(() -> {
            BufferedReader in = open();
            CsvReader reader = new CsvReader(in);
            return new Cursor(in, reader, header(reader));
        }).compose(cursor -> {
            Future<Void> written = request.allOrNothing()
                    ? db.inTenant(p.tenantId(), conn -> batches(conn, cursor).compose(v -> {
                        if (progress.failed() > 0) {
                            return Future.failedFuture(new RolledBack());
                        }
                        return finish(conn);
                    })).recover(err -> err instanceof RolledBack ? recordRollback() : Future.failedFuture(err))
                    : batches(null, cursor).compose(v -> db.inTenant(p.tenantId(), this::finish));
            return written.eventually(() -> vertx.executeBlocking(() -> {
                cursor.in().close();
                return null;
            }));
        });
    }

    private record Cursor(BufferedReader in, CsvReader reader, List<String> header) {
    }

    /** Thrown to roll an all-or-nothing import back once a reference proved wrong. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    private final List<RowError> pendingErrors = new ArrayList<>();

    /** After a rollback: the reference errors and the final progress, nothing imported. */
    private Future<Void> recordRollback() {
        progress.rolledBack();
        return db.inTenant(p.tenantId(), conn -> ImportStore.insertErrors(conn, p.tenantId(), jobId, pendingErrors)
                .compose(v -> finish(conn)));
    }

    /** Writes the batches after the checkpoint; on {@code shared} when given (all-or-nothing), else one transaction each. */
    private Future<Void> batches(SqlConnection shared, Cursor cursor) {
        return vertx.executeBlocking(() -> readBatch(cursor)).compose(batch -> {
            Future<Void> written = shared != null ? writeBatch(shared, batch)
                    : db.inTenant(p.tenantId(), conn -> writeBatch(conn, batch)
                            .compose(v -> ImportStore.insertErrors(conn, p.tenantId(), jobId, drainErrors())));
            return written.compose(v -> batch.last() ? Future.succeededFuture() : batches(shared, cursor));
        });
    }

    private List<RowError> drainErrors() {
        List<RowError> out = List.copyOf(pendingErrors);
        pendingErrors.clear();
        return out;
    }

    private Batch<T> readBatch(Cursor cursor) throws IOException {
        List<Prepared<T>> rows = new ArrayList<>();
        CsvReader reader = cursor.reader();
        while (rows.size() < BATCH) {
            List<String> cells = reader.next();
            if (cells == null) {
                return new Batch<>(rows, reader.record(), true);
            }
            if (reader.record() <= progress.checkpointRow() || blank(cells) || cells.size() != cursor.header().size()) {
                continue;
            }
            try {
                rows.add(new Prepared<>(reader.record(), target.prepare(p, row(cursor.header(), cells))));
            } catch (ApiException invalid) {
                // reported when the file was checked
            }
        }
        return new Batch<>(rows, reader.record(), false);
    }

    private Future<Void> writeBatch(SqlConnection conn, Batch<T> batch) {
        List<T> records = batch.rows().stream().map(Prepared::record).toList();
        Set<String> keys = new HashSet<>();
        records.forEach(r -> {
            String key = target.dedupeKey(r);
            if (key != null) {
                keys.add(key);
            }
        });
        return target.existingKeys(conn, p, keys)
                .compose(existing -> target.resolve(conn, p, records)
                        .compose(resolved -> writeRows(conn, batch.rows(), existing, resolved)))
                .compose(v -> {
                    progress.reached(batch.lastRow());
                    return JobProgress.set(conn, p.tenantId(), jobId, progress.toJson());
                });
    }

    /**
     * Decides each row in file order (create, skip, update or fail), then sends all their statements at once on the
     * batch's connection, which pipelines them.
     */
    private Future<Void> writeRows(SqlConnection conn, List<Prepared<T>> rows, Set<String> existing, ImportTarget.Resolved<T> resolved) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, rows.size()).boxed().toList();
        return Together.each(indexes, i -> writeRow(conn, new Prepared<>(rows.get(i).row(), resolved.records().get(i)), existing,
                resolved.errors().get(i)));
    }

    private Future<Void> writeRow(SqlConnection conn, Prepared<T> row, Set<String> existing, List<FieldError> unknown) {
        if (unknown != null) {
            fail(row.row(), unknown);
            return Future.succeededFuture();
        }
        String key = target.dedupeKey(row.record());
        boolean duplicate = key != null && (existing.contains(key) || seen.contains(key));
        if (key != null) {
            seen.add(key);
        }
        if (!duplicate) {
            return refusedAsRowError(row, target.create(conn, p, row.record()).onSuccess(v -> progress.imported()));
        }
        if (!request.updateDuplicates()) {
            progress.skipped();
            return Future.succeededFuture();
        }
        return refusedAsRowError(row, target.update(conn, p, row.record()).onSuccess(v -> progress.updated()));
    }

    /** A write the service refused (a 4xx, no database error) fails its row only; anything else fails the batch. */
    private Future<Void> refusedAsRowError(Prepared<T> row, Future<Void> write) {
        return write.recover(err -> {
            if (err instanceof ApiException e && e.status() < 500) {
                fail(row.row(), e.errors().isEmpty() ? List.of(new FieldError("row", e.detail())) : e.errors());
                return Future.succeededFuture();
            }
            return Future.failedFuture(err);
        });
    }

    private void fail(int row, List<FieldError> problems) {
        progress.failedOnWrite();
        for (int i = 0; i < problems.size(); i++) {
            pendingErrors.add(RowError.of(row, i, problems.get(i).field(), problems.get(i).message()));
        }
    }

    /** The final progress and the import's one audit entry (and event), in {@code conn}'s transaction. */
    private Future<Void> finish(SqlConnection conn) {
        progress.finish();
        JsonObject summary = progress.toJson();
        return JobProgress.set(conn, p.tenantId(), jobId, summary)
                .compose(v -> changes.record(conn, p, Change.created("import.completed", "import", jobId,
                        summary.copy().put("recordType", request.type()))));
    }

    // --- reading ---

    private BufferedReader open() throws IOException {
        // strict: a file in another encoding (Excel's "CSV" in Windows-1252) fails as a whole, rather than
        // storing every accented letter as a replacement character
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 64 * 1024);
    }

    /** The header's column names; a missing, blank or repeated one makes the file unreadable. */
    private static List<String> header(CsvReader reader) throws IOException {
        List<String> cells = reader.next();
        if (cells == null || blank(cells)) {
            throw new CsvReader.CsvFormatException(1, "the first row must name the columns");
        }
        List<String> names = cells.stream().map(String::trim).toList();
        Set<String> distinct = new HashSet<>();
        for (String name : names) {
            if (name.isEmpty() || !distinct.add(name)) {
                throw new CsvReader.CsvFormatException(1, "every column needs a name of its own; \"" + name + "\" is blank or repeated");
            }
        }
        return names;
    }

    private static boolean blank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    /** A row as a body: the non-blank cells by column name. */
    private static JsonObject row(List<String> header, List<String> cells) {
        JsonObject row = new JsonObject();
        for (int i = 0; i < header.size(); i++) {
            if (!cells.get(i).isBlank()) {
                row.put(header.get(i), cells.get(i));
            }
        }
        return row;
    }
}
