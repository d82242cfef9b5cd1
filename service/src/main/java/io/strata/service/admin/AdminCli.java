package io.strata.service.admin;

import io.strata.service.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strata admin ...}: the operator's command line, a thin client of the admin API. It finds
 * the API, its certificate and its token in the data directory of a local server by default, so on
 * the machine that runs Strata no flag is needed.
 */
@Command(
    name = "strata admin",
    // Inherited by every subcommand: --help and --version, and the footer.
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = AdminCli.Version.class,
    description = {
      "Administer a running Strata through its admin API: tenants, quotas, access keys, JWT"
          + " issuers, usage reports, data keys and store backups.",
      "On the server's machine no option is needed: the API's address, certificate and token are"
          + " found in the data directory."
    },
    footer = {
      "",
      "Run 'strata admin COMMAND --help' for a command's options. Step-by-step procedures:"
          + " docs/operations.md."
    },
    subcommands = {
      AdminCli.ListTenants.class,
      AdminCli.CreateTenant.class,
      AdminCli.ShowTenant.class,
      AdminCli.SuspendTenant.class,
      AdminCli.ResumeTenant.class,
      AdminCli.DeleteTenant.class,
      AdminCli.SetQuotas.class,
      AdminCli.SetBilling.class,
      AdminCli.CreateKey.class,
      AdminCli.RevokeKey.class,
      AdminCli.RotateKey.class,
      AdminCli.AddJwtIssuer.class,
      AdminCli.ListJwtIssuers.class,
      AdminCli.RemoveJwtIssuer.class,
      AdminCli.Usage.class,
      AdminCli.BackupStore.class,
      AdminCli.VerifyStore.class,
      AdminCli.RotateDataKey.class,
      AdminCli.ReencryptTenant.class,
      AdminCli.ShredTableKey.class,
      AdminCli.Cluster.class
    })
public final class AdminCli {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Admin API base URL (default: https://localhost:$STRATA_ADMIN_PORT or 8444)")
  String url;

  @Option(
      names = "--data-dir",
      paramLabel = "DIRECTORY",
      description = "Data directory of a local server (default: $STRATA_DATA_DIR or ./data)")
  Path dataDirectory;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Admin token (default: $STRATA_ADMIN_TOKEN or <data-dir>/admin-token)")
  String token;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "PEM certificate to trust (default: <data-dir>/tls/cert.pem)")
  Path caCertificate;

  /** Runs the CLI and returns the process exit code. */
  public static int run(
      String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    AdminCli root = new AdminCli();
    root.environment = environment;
    root.out = out;
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  private Map<String, String> environment = Map.of();
  private PrintWriter out;

  /** A subcommand: one admin API call. */
  abstract static class Call implements Callable<Integer> {
    @CommandLine.ParentCommand AdminCli root;

    abstract String method();

    abstract String path();

    String body() {
      return "";
    }

    @Override
    public Integer call() throws Exception {
      return root.send(method(), path(), body());
    }
  }

  /** {@code --version}: the version of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Strata " + BuildInfo.VERSION};
    }
  }

  /** A call about one tenant, named by the first parameter. */
  abstract static class TenantCall extends Call {
    @Parameters(
        index = "0",
        paramLabel = "TENANT",
        description = "The tenant's id, as list-tenants shows it")
    String tenant;
  }

  @Command(name = "list-tenants", description = "List tenants.")
  static final class ListTenants extends Call {
    String method() {
      return "GET";
    }

    String path() {
      return "/tenants";
    }
  }

  @Command(
      name = "create-tenant",
      description = "Create a tenant; prints its first access key once.")
  static final class CreateTenant extends Call {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "A name for people to recognise it by (1 to 128 characters)")
    String name;

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants";
    }

    @Override
    String body() {
      return json(Map.of("name", name));
    }
  }

  @Command(
      name = "show-tenant",
      description = "Show a tenant, its keys (no secrets) and table count.")
  static final class ShowTenant extends TenantCall {

    String method() {
      return "GET";
    }

    String path() {
      return "/tenants/" + tenant;
    }
  }

  @Command(
      name = "rotate-data-key",
      description =
          "Give a tenant a new data key and re-seal its items with it (online; older keys stay"
              + " to open older stream records).")
  static final class RotateDataKey extends TenantCall {

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/data-keys/rotate";
    }
  }

  @Command(
      name = "reencrypt-tenant",
      description = "Re-seal a tenant's items still sealed with an older data key.")
  static final class ReencryptTenant extends TenantCall {

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/data-keys/reencrypt";
    }
  }

  @Command(
      name = "shred-table-key",
      description =
          "Destroy the data key of a table whose encryption names a KMSMasterKeyId"
              + " (crypto-shredding): its items, indexes, streams, backups and recovery points"
              + " become unreadable for good; the tenant's other tables are untouched.")
  static final class ShredTableKey extends TenantCall {
    @Parameters(index = "1", paramLabel = "TABLE", description = "The table's name")
    String table;

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/tables/" + table + "/data-key/destroy";
    }
  }

  @Command(
      name = "backup-store",
      description =
          "Copy the whole store, consistently and online, into an absent or empty directory on"
              + " the server (see docs/operations.md to restore it).")
  static final class BackupStore extends Call {
    @Parameters(
        index = "0",
        paramLabel = "DIRECTORY",
        description = "Where the copy goes, on the server's machine: absent or empty")
    Path directory;

    String method() {
      return "POST";
    }

    String path() {
      return "/store-backups";
    }

    @Override
    String body() {
      return json(Map.of("directory", directory.toAbsolutePath().toString()));
    }
  }

  @Command(
      name = "verify-store",
      description =
          "Open every stored item and index entry of every table and backup, and list those that"
              + " fail to open (damaged values: delete or restore those items).")
  static final class VerifyStore extends Call {
    String method() {
      return "POST";
    }

    String path() {
      return "/store-verifications";
    }
  }

  @Command(name = "suspend-tenant", description = "Refuse a tenant's credentials; keeps its data.")
  static final class SuspendTenant extends TenantCall {

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/suspend";
    }
  }

  @Command(name = "resume-tenant", description = "Accept a suspended tenant's credentials again.")
  static final class ResumeTenant extends TenantCall {

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/resume";
    }
  }

  @Command(
      name = "delete-tenant",
      description = "Delete a tenant, its tables and its keys (irreversible).")
  static final class DeleteTenant extends TenantCall {

    String method() {
      return "DELETE";
    }

    String path() {
      return "/tenants/" + tenant;
    }
  }

  @Command(
      name = "set-quotas",
      description = {
        "Change a tenant's quotas; the quotas not given keep their value.",
        "0 means the server's default: DynamoDB's on-demand defaults for capacity (80,000 units"
            + " per second per tenant, 40,000 per table), STRATA_MAX_TABLES_PER_TENANT for tables."
      })
  static final class SetQuotas extends TenantCall {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--max-read-units",
        paramLabel = "UNITS",
        description = "Read units per second for all the tenant's on-demand tables together")
    Long maxRead;

    @Option(
        names = "--max-write-units",
        paramLabel = "UNITS",
        description = "Write units per second for all the tenant's on-demand tables together")
    Long maxWrite;

    @Option(
        names = "--max-table-read-units",
        paramLabel = "UNITS",
        description = "Read units per second for each on-demand table")
    Long maxTableRead;

    @Option(
        names = "--max-table-write-units",
        paramLabel = "UNITS",
        description = "Write units per second for each on-demand table")
    Long maxTableWrite;

    @Option(
        names = "--max-tables",
        paramLabel = "COUNT",
        description = "Tables the tenant may own (CreateTable and restores beyond it are refused)")
    Integer maxTables;

    @Option(
        names = "--max-transfer-bytes",
        paramLabel = "BYTES",
        description =
            "Largest table export or import source (ExportTableToPointInTime and ImportTable beyond"
                + " it are refused)")
    Long maxTransferBytes;

    String method() {
      return "PUT";
    }

    String path() {
      return "/tenants/" + tenant + "/quotas";
    }

    @Override
    String body() {
      Map<String, Object> quotas = new LinkedHashMap<>();
      putGiven(quotas, "maxReadUnitsPerSecond", maxRead);
      putGiven(quotas, "maxWriteUnitsPerSecond", maxWrite);
      putGiven(quotas, "maxTableReadUnitsPerSecond", maxTableRead);
      putGiven(quotas, "maxTableWriteUnitsPerSecond", maxTableWrite);
      putGiven(quotas, "maxTables", maxTables);
      putGiven(quotas, "maxTransferBytes", maxTransferBytes);
      if (quotas.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "Give at least one quota option to change");
      }
      return json(quotas);
    }

    private static void putGiven(Map<String, Object> quotas, String name, Number value) {
      if (value != null) {
        quotas.put(name, value);
      }
    }
  }

  @Command(
      name = "set-billing",
      description =
          "Set how a tenant is billed for reads the cache answers: CHARGED (as DynamoDB would,"
              + " the default) or FREE.")
  static final class SetBilling extends TenantCall {
    @Option(
        names = "--cache-hits",
        required = true,
        paramLabel = "CHARGED|FREE",
        description = "CHARGED or FREE")
    String cacheHits;

    String method() {
      return "PUT";
    }

    String path() {
      return "/tenants/" + tenant + "/billing";
    }

    @Override
    String body() {
      return json(Map.of("cacheHits", cacheHits));
    }
  }

  @Command(
      name = "create-key",
      description = "Create an access key for a tenant; prints the secret once.")
  static final class CreateKey extends TenantCall {

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/access-keys";
    }
  }

  @Command(name = "revoke-key", description = "Revoke an access key.")
  static final class RevokeKey extends TenantCall {

    @Parameters(index = "1", paramLabel = "ACCESS_KEY_ID", description = "The key's id (AKIA...)")
    String key;

    String method() {
      return "DELETE";
    }

    String path() {
      return "/tenants/" + tenant + "/access-keys/" + key;
    }
  }

  @Command(name = "rotate-key", description = "Create a new access key and revoke the given one.")
  static final class RotateKey extends TenantCall {

    @Parameters(index = "1", paramLabel = "ACCESS_KEY_ID", description = "The key's id (AKIA...)")
    String key;

    String method() {
      return "POST";
    }

    String path() {
      return "/tenants/" + tenant + "/access-keys/" + key + "/rotate";
    }
  }

  @Command(
      name = "add-jwt-issuer",
      description = "Trust bearer tokens of an issuer for a tenant (its tokens act for it only).")
  static final class AddJwtIssuer extends TenantCall {

    @Option(
        names = "--issuer",
        required = true,
        paramLabel = "ISS",
        description = "The tokens' iss claim, exactly")
    String issuer;

    @Option(
        names = "--audience",
        required = true,
        paramLabel = "AUD",
        description = "An accepted aud value (repeatable)")
    List<String> audiences;

    @Option(
        names = "--public-key-file",
        paramLabel = "FILE",
        description = "PEM public key or certificate of the issuer (repeatable)")
    List<Path> publicKeys = List.of();

    @Option(
        names = "--jwks-file",
        paramLabel = "FILE",
        description = "JWKS document with the issuer's public keys")
    Path jwks;

    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        description = "An accepted alg value (repeatable; default RS256 and ES256)")
    List<String> algorithms = List.of();

    @Option(
        names = "--tenant-claim",
        paramLabel = "CLAIM",
        description = "Claim that may name the tenant; it must name this one (default: tenant)")
    String tenantClaim;

    String method() {
      return "PUT";
    }

    String path() {
      return "/tenants/" + tenant + "/jwt-issuers";
    }

    @Override
    String body() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("issuer", issuer);
      fields.put("audiences", audiences);
      fields.put("publicKeysPem", publicKeys.stream().map(AdminCli::readTrimmed).toList());
      if (jwks != null) {
        fields.put("jwksJson", readTrimmed(jwks));
      }
      if (!algorithms.isEmpty()) {
        fields.put("algorithms", algorithms);
      }
      if (tenantClaim != null) {
        fields.put("tenantClaim", tenantClaim);
      }
      return json(fields);
    }
  }

  @Command(name = "list-jwt-issuers", description = "List the token issuers of a tenant.")
  static final class ListJwtIssuers extends TenantCall {

    String method() {
      return "GET";
    }

    String path() {
      return "/tenants/" + tenant + "/jwt-issuers";
    }
  }

  @Command(name = "remove-jwt-issuer", description = "Stop trusting an issuer's tokens.")
  static final class RemoveJwtIssuer extends TenantCall {

    @Option(
        names = "--issuer",
        required = true,
        paramLabel = "ISS",
        description = "The issuer's iss value")
    String issuer;

    String method() {
      return "DELETE";
    }

    String path() {
      return "/tenants/"
          + tenant
          + "/jwt-issuers?issuer="
          + java.net.URLEncoder.encode(issuer, StandardCharsets.UTF_8);
    }
  }

  @Command(
      name = "cluster",
      description = "The Raft group this node belongs to.",
      subcommands = {
        AdminCli.ClusterStatus.class,
        AdminCli.AddNode.class,
        AdminCli.RemoveNode.class,
        AdminCli.TransferLeadership.class
      })
  static final class Cluster {
    @CommandLine.ParentCommand AdminCli root;
  }

  @Command(
      name = "status",
      description =
          "This node's view of its Raft group as JSON: its role, the leader, its applied index,"
              + " and every member's commit index and lag.")
  static final class ClusterStatus implements Callable<Integer> {
    @CommandLine.ParentCommand Cluster cluster;

    @Override
    public Integer call() throws Exception {
      return cluster.root.send("GET", "/cluster", "");
    }
  }

  @Command(
      name = "add-node",
      description =
          "Add a member to the Raft group (run against the leader). Start the new node first, with"
              + " STRATA_PEERS listing the group without it and its own STRATA_RAFT_PORT.")
  static final class AddNode implements Callable<Integer> {
    @CommandLine.ParentCommand Cluster cluster;

    @Parameters(index = "0", paramLabel = "ID", description = "The new member's STRATA_NODE_ID")
    String id;

    @Parameters(
        index = "1",
        paramLabel = "ADDRESS",
        description =
            "The new member's Raft address, host:port, and /apiPort when its DynamoDB API is not"
                + " on this node's port")
    String address;

    @Override
    public Integer call() throws Exception {
      return cluster.root.send(
          "POST", "/cluster/members", json(Map.of("id", id, "address", address)));
    }
  }

  @Command(
      name = "remove-node",
      description = "Remove a member from the Raft group (run against the leader).")
  static final class RemoveNode implements Callable<Integer> {
    @CommandLine.ParentCommand Cluster cluster;

    @Parameters(index = "0", paramLabel = "ID", description = "The member's STRATA_NODE_ID")
    String id;

    @Override
    public Integer call() throws Exception {
      return cluster.root.send("DELETE", "/cluster/members/" + id, "");
    }
  }

  @Command(
      name = "transfer-leadership",
      description =
          "Move the Raft leadership: to the member --to names (run against the leader), or, without"
              + " --to, away from this node if it leads (to the most caught-up other member) and"
              + " nothing otherwise, as before stopping a node. Prints the status afterwards.")
  static final class TransferLeadership implements Callable<Integer> {
    @CommandLine.ParentCommand Cluster cluster;

    @Option(
        names = "--to",
        paramLabel = "ID",
        description = "The member to lead, by its STRATA_NODE_ID")
    String target;

    @Override
    public Integer call() throws Exception {
      return cluster.root.send(
          "POST", "/cluster/leadership", target == null ? "" : json(Map.of("to", target)));
    }
  }

  @Command(name = "usage", description = "Usage and cost report from the ledger.")
  static final class Usage extends Call {
    @Option(
        names = "--tenant",
        paramLabel = "TENANT",
        description = "Tenant to report (repeatable; default all)")
    List<String> tenants = List.of();

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        description = "Start, ISO-8601 such as 2026-01-01T00:00:00Z (default: 24 hours ago)")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End, ISO-8601 (default: now)")
    String to;

    @Option(
        names = "--group-by",
        paramLabel = "GROUPING",
        description = "tenant, table or hour (default table)")
    String groupBy;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json or csv (default json)")
    String format;

    String method() {
      return "GET";
    }

    String path() {
      List<String> query = new java.util.ArrayList<>();
      tenants.forEach(tenant -> query.add("tenant=" + tenant));
      addParameter(query, "from", from);
      addParameter(query, "to", to);
      addParameter(query, "groupBy", groupBy);
      addParameter(query, "format", format);
      return "/usage" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    private static void addParameter(List<String> query, String name, String value) {
      if (value != null) {
        query.add(name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  int send(String method, String path, String body) throws Exception {
    Path data =
        dataDirectory != null
            ? dataDirectory
            : Paths.get(environment.getOrDefault("STRATA_DATA_DIR", "./data"));
    String base =
        url != null
            ? url
            : "https://localhost:" + environment.getOrDefault("STRATA_ADMIN_PORT", "8444");
    String bearer =
        token != null
            ? token
            : environment.getOrDefault(
                "STRATA_ADMIN_TOKEN", readTrimmed(data.resolve(AdminToken.FILE_NAME)));
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(
                trusting(caCertificate != null ? caCertificate : data.resolve("tls/cert.pem")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    out.println(response.body());
    out.flush();
    return response.statusCode() < 300 ? 0 : 1;
  }

  private static String readTrimmed(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      int index = 0;
      for (Certificate each : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("strata-" + index++, each);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String json(Map<String, ?> value) {
    try {
      return io.strata.service.json.Json.RECORDS.writeValueAsString(value);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
