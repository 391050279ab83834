package org.fediflow.workflow;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One node at a time for work that every node would otherwise do at once on the same database: making the
 * engine's tables on an empty database and deploying a diagram (two nodes starting together both saw no version
 * and each deployed one). On PostgreSQL a session advisory lock held on a connection of its own; on H2, which one
 * process opens at a time, a lock in this JVM is enough. Within the JVM the same name is also a plain lock, so
 * threads of one node queue before they reach the database.
 */
public final class ClusterLock {

    /** The first half of the advisory lock key: "fedi" in ASCII, so our keys do not meet another program's. */
    private static final int NAMESPACE = 0x66656469;

    private final DataSource dataSource;
    private final boolean postgres;
    private final Map<String, ReentrantLock> local = new ConcurrentHashMap<>();

    public ClusterLock(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    public <T> T holding(String name, Supplier<T> work) {
        ReentrantLock jvm = local.computeIfAbsent(name, n -> new ReentrantLock());
        jvm.lock();
        try {
            if (!postgres || jvm.getHoldCount() > 1) {
                return work.get();
            }
            Held held = acquire(name);
            try {
                return work.get();
            } finally {
                held.release();
            }
        } finally {
            jvm.unlock();
        }
    }

    /**
     * Takes the database lock and keeps it until {@link Held#release()}: for work that starts and ends in different
     * callbacks (the engine's build). Without PostgreSQL there is nothing to hold.
     */
    public Held acquire(String name) {
        if (!postgres) {
            return () -> { };
        }
        int key = key(name);
        try {
            Connection connection = dataSource.getConnection();
            try {
                call(connection, "SELECT pg_advisory_lock(?, ?)", key);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return () -> {
                try (connection) {
                    call(connection, "SELECT pg_advisory_unlock(?, ?)", key);
                } catch (SQLException e) {
                    // The lock belongs to the session: end it rather than hand a locked session back to the pool.
                    try {
                        connection.abort(Runnable::run);
                    } catch (SQLException ignored) {
                        // already gone, and its locks with it
                    }
                }
            };
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot take the cluster lock '" + name + "': " + e.getMessage(), e);
        }
    }

    /** A lock taken with {@link #acquire(String)}. */
    @FunctionalInterface
    public interface Held {
        void release();
    }

    private static void call(Connection connection, String sql, int key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, key);
            statement.execute();
        }
    }

    private static int key(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
