/*
 * DynamoDB Local on 127.0.0.1 only. DynamoDB Local has no option for the address it listens
 * on (`-help` lists -port, not -host) and its Jetty server listens on every interface, where
 * anyone on the network could Scan the table with made-up credentials. This launcher builds
 * the server from the same command-line arguments, sets its one connector's host to
 * 127.0.0.1, then starts it. Run by local/dynamodb-local.ts with Java's source launcher
 * (`java -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -port ...`): nothing to build.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector");
    for (Connector connector : connectors) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    proxy.join();
  }
}
