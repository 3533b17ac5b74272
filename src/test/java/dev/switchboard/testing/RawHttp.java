package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client will not send: a body shorter than its
 * declared length, or chunks written one by one. Answers with the same {@link Http.Response} as {@link Http}.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port, Duration readTimeout) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout((int) readTimeout.toMillis());
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Writes a request line and headers; {@code headers} are complete lines without line endings. */
    public RawHttp head(String method, String path, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String header : headers) {
            sb.append(header).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    public RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes {@code body} as chunks of at most {@code chunkSize} bytes, then the last chunk. */
    public RawHttp chunked(byte[] body, int chunkSize) throws IOException {
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            int length = Math.min(chunkSize, body.length - offset);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, length);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one response with a {@code Content-Length} body; times out if the server does not answer. */
    public Http.Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String length = headers.get("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Http.Response(status, headers, Buffer.buffer(body));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the response was complete");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
