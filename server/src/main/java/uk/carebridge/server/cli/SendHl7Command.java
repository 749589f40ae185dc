package uk.carebridge.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import uk.carebridge.plugin.mllp.MllpFrames;

/**
 * {@code carebridge send-hl7}: sends HL7 v2 message files over MLLP, as a trust's engine would, and
 * prints each ACK. For trying a trust partner's listener and for support calls ("what do you answer?").
 */
@Command(name = "send-hl7", mixinStandardHelpOptions = true,
        description = {"Send HL7 v2 messages over MLLP and print the acknowledgements.",
                "Each file holds one or more messages (each starting with MSH). Line ends (LF, CRLF) are sent as",
                "HL7's CR segment separator unless --raw is given. Exits 1 if any message is not answered AA."})
final class SendHl7Command implements Callable<Integer> {


    @Parameters(arity = "1..*", paramLabel = "FILE", description = "HL7 v2 message files (ER7, pipe-delimited).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "MLLP listener host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "2575",
            description = "MLLP listener port (default: ${DEFAULT-VALUE}, the demo trust st-elsewhere-hospital).")
    int port;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for each ACK (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--charset", defaultValue = "UTF-8", description = "Character set of the files (default: ${DEFAULT-VALUE}).")
    Charset charset;

    @Option(names = "--raw", description = "Send the file bytes as they are (no line-end conversion, no splitting).")
    boolean raw;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int notAccepted = 0;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
            } catch (IOException e) {
                err.println("Cannot connect to " + host + ":" + port + " (" + e.getMessage() + "). Is CareBridge running,"
                        + " and is a partner's mllpPort " + port + "? See 'carebridge run' start-up lines.");
                return 2;
            }
            socket.setSoTimeout(timeoutSeconds * 1000);
            socket.setTcpNoDelay(true);
            for (Path file : files) {
                for (String message : messages(file)) {
                    String ack = exchange(socket, message);
                    String code = MllpFrames.field(ack, "MSA", 1);
                    out.printf("%s  MSH-10 %s  ->  %s%s%n", file.getFileName(), MllpFrames.field(message, "MSH", 10), code,
                            detail(ack));
                    if (!"AA".equals(code) && !"CA".equals(code)) {
                        notAccepted++;
                    }
                }
            }
        }
        return notAccepted == 0 ? 0 : 1;
    }

    private List<String> messages(Path file) throws IOException {
        String text = Files.readString(file, charset);
        if (raw) {
            return List.of(text);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String normalised = text.replace("\r\n", "\r").replace('\n', '\r');
        List<String> messages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String segment : normalised.split("\r")) {
            if (segment.isBlank()) {
                continue;
            }
            if (segment.startsWith("MSH") && current.length() > 0) {
                messages.add(current.toString());
                current.setLength(0);
            }
            current.append(segment).append('\r');
        }
        if (current.length() > 0) {
            messages.add(current.toString());
        }
        return messages;
    }

    private String exchange(Socket socket, String message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(MllpFrames.frame(message.getBytes(charset)));
        out.flush();
        return MllpFrames.read(socket.getInputStream(), charset);
    }

    /** MSA-3 and ERR-8 texts, when there are any. */
    private static String detail(String ack) {
        String msa3 = MllpFrames.field(ack, "MSA", 3);
        String err8 = MllpFrames.field(ack, "ERR", 8);
        StringBuilder sb = new StringBuilder();
        if (msa3 != null && !msa3.isBlank()) {
            sb.append("  ").append(msa3);
        }
        if (err8 != null && !err8.isBlank() && !err8.equals(msa3)) {
            sb.append("  (").append(err8).append(")");
        }
        return sb.toString();
    }
}
