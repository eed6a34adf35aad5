package jxkg.neo4j;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Test-only Neo4j 5 Community server: in-process database + Bolt connector on a loopback port.
 *
 * <p>Usage: {@code Launcher --port 7687 --data DIR [--host 127.0.0.1] [--password PW]
 * [--pagecache 64m] [--watch-stdin true]}. {@code --port 0} binds a free port. Without {@code --password} auth is
 * disabled (the driver connects with {@code auth=None}, and any credentials are accepted);
 * with it, user {@code neo4j} gets that password (at least 8 characters). Database files and
 * logs live under DIR. Prints {@code NEO4J READY bolt://HOST:PORT} once ready; SIGTERM or
 * SIGINT (or, with {@code --watch-stdin true}, end of stdin: the parent died) shut the database
 * down cleanly and exit 0.
 */
public final class Launcher {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) { // exit even if Neo4j left non-daemon threads behind
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opt = new java.util.HashMap<>(Map.of("--host", "127.0.0.1", "--pagecache", "64m"));
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i], args[i + 1]);
        if (args.length % 2 != 0 || !opt.containsKey("--port") || !opt.containsKey("--data")) {
            System.err.println("usage: Launcher --port N --data DIR [--host H] [--password PW] [--pagecache 64m]"
                    + " [--watch-stdin true]");
            System.exit(2);
        }
        String host = opt.get("--host");
        String password = opt.get("--password");
        Path home = Path.of(opt.get("--data")).toAbsolutePath();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, Integer.parseInt(opt.get("--port"))))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, 0))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(opt.get("--pagecache")))
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Bolt's Netty event loops otherwise idle 5 s each (twice) before shutting down.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> { if (stopped.compareAndSet(false, true)) dbms.shutdown(); };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));
        // Handle TERM/INT ourselves so a clean shutdown exits 0 rather than 143/130.
        CountDownLatch signalled = new CountDownLatch(1);
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> signalled.countDown());
        }
        if ("true".equals(opt.get("--watch-stdin"))) { // parent died or closed our stdin: stop too
            Thread watcher = new Thread(() -> {
                try { while (System.in.read() != -1) { } } catch (java.io.IOException ignored) { }
                signalled.countDown();
            }, "stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(3))) throw new IllegalStateException("database not available");
        if (password != null) {
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) { // restarted on an existing folder: already that password
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
            }
        }
        int port = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        System.out.println("NEO4J READY bolt://" + host + ":" + port);
        System.out.flush();

        signalled.await();
        stop.run();
    }
}
