package dev.lambdarunner.trace;

import java.io.OutputStream;

/** The masker's downstream: appends to the trace buffer, which cannot fail. */
final class BufferSink extends OutputStream {

    private final TraceBuffer buffer;

    BufferSink(TraceBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void write(int b) {
        buffer.append(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.append(b, off, len);
    }
}
