import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The baseline beside Fediflow's figures: the JDK's own HTTP server answering every request with 200 after reading
 * its body, nothing else (no framework, no database). Its startup, memory and request rate are the floor of this
 * machine, this JVM and this load generator. Usage: java bench/BareHttp.java PORT
 */
public class BareHttp {

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newFixedThreadPool(200));
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }
}
