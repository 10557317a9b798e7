package io.flashsale.coupons.adapter.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The data source Liquibase migrates with: each connection it hands out first holds a session-level
 * PostgreSQL advisory lock, so one instance at a time migrates the schema, from the first statement
 * (Liquibase creates its own tables before it takes its lock) to the last. The lock dies with its
 * session, so a start that crashes at any moment leaves nothing that blocks the next one.
 *
 * <p>Liquibase's own lock is a row in {@code databasechangeloglock} that stays locked when the
 * process holding it dies, and every later start then waits for it forever. Whoever holds the
 * advisory lock is the only migrator, so a row still marked locked at that moment is stale, and is
 * released here.
 */
final class SingleMigratorDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(SingleMigratorDataSource.class);

    /** The advisory lock's key, the same for every instance of this service: "coupons" in ASCII. */
    static final long LOCK_KEY = 0x636f75706f6e73L;

    /** Polling, not waiting in pg_advisory_lock: a read waits at most the JDBC socket timeout (3 s). */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final Duration waitLimit;

    /**
     * @param pool where connections come from
     * @param waitLimit how long to wait for another instance's migration before failing the start
     */
    SingleMigratorDataSource(DataSource pool, Duration waitLimit) {
        super(pool);
        this.waitLimit = waitLimit;
    }

    /**
     * Returns a connection that holds the migration lock until it is closed; waits while another
     * instance migrates, and fails with an {@link SQLException} after the wait limit.
     */
    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = obtainTargetDataSource().getConnection();
        try {
            awaitLock(connection);
            releaseStaleChangelogLock(connection);
            return unlockingOnClose(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void awaitLock(Connection connection) throws SQLException {
        long start = System.nanoTime();
        long nextLog = 0;
        try (PreparedStatement tryLock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            tryLock.setLong(1, LOCK_KEY);
            while (true) {
                try (ResultSet result = tryLock.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return;
                    }
                }
                long waited = System.nanoTime() - start;
                if (waited > waitLimit.toNanos()) {
                    throw new SQLException("another instance has been migrating the schema for over " + waitLimit
                            + " (PostgreSQL advisory lock " + LOCK_KEY + "); is it stuck?");
                }
                if (waited >= nextLog) {
                    log.info("Waiting for another instance to finish migrating the schema");
                    nextLog = waited + LOG_INTERVAL.toNanos();
                }
                pause();
            }
        }
    }

    private static void pause() throws SQLException {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the migration lock", e);
        }
    }

    private static void releaseStaleChangelogLock(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            try (ResultSet table = sql.executeQuery("SELECT to_regclass('databasechangeloglock') IS NOT NULL")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return;
                }
            }
            // Joined with itself, the row also reports who had locked it, before this update.
            try (ResultSet released = sql.executeQuery("UPDATE databasechangeloglock held"
                    + " SET locked = false, lockgranted = NULL, lockedby = NULL FROM databasechangeloglock old"
                    + " WHERE held.id = old.id AND held.locked RETURNING old.lockedby, old.lockgranted")) {
                while (released.next()) {
                    log.warn(
                            "Released Liquibase's changelog lock left by {} since {}: that migration died, none is running",
                            released.getString(1),
                            released.getTimestamp(2));
                }
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** The connection, whose close first gives the lock back: a pooled session outlives the close. */
    private static Connection unlockingOnClose(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                unlockAndClose(connection);
                return null;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(
                SingleMigratorDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static void unlockAndClose(Connection connection) throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, LOCK_KEY);
                unlock.execute();
            }
            connection.close();
        } catch (SQLException e) {
            // The session must not go back to the pool holding the lock: ending it releases the lock.
            log.warn("Could not give the migration lock back; closing its session instead: {}", e.getMessage());
            connection.abort(Runnable::run);
            try {
                connection.close();
            } catch (SQLException alreadyGone) {
                // The pool drops a broken connection on its own.
            }
        }
    }
}
