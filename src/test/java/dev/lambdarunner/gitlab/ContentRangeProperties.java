package dev.lambdarunner.gitlab;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace offset math on the wire: {@code Content-Range: start-end} out, {@code Range: 0-length} back. */
class ContentRangeProperties {

    /** An offset and chunk length whose last byte, and GitLab's resulting length, still fit in a long. */
    record Chunk(long offset, int length) {
    }

    @Property
    void contentRange_namesTheChunksFirstAndLastByte(@ForAll("chunks") Chunk chunk) {
        String header = GitLabHeaders.contentRange(chunk.offset(), chunk.length());

        assertThat(header).matches("\\d+-\\d+");
        String[] ends = header.split("-");
        long start = Long.parseLong(ends[0]);
        long end = Long.parseLong(ends[1]);
        assertThat(start).isEqualTo(chunk.offset());
        assertThat(end - start + 1).isEqualTo(chunk.length());
    }

    @Property
    void acceptedChunk_roundTripsThroughGitLabsRangeAnswer(@ForAll("chunks") Chunk chunk) {
        String[] ends = GitLabHeaders.contentRange(chunk.offset(), chunk.length()).split("-");
        // GitLab appends and answers with the new stored length, i.e. the chunk's end + 1.
        String serverRange = "0-" + (Long.parseLong(ends[1]) + 1);

        assertThat(GitLabHeaders.rangeLength(serverRange)).isEqualTo(chunk.offset() + chunk.length());
    }

    @Property
    void rangeLength_readsAnyLength(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long length) {
        assertThat(GitLabHeaders.rangeLength("0-" + length)).isEqualTo(length);
        assertThat(GitLabHeaders.rangeLength(" bytes=0-" + length + " ")).isEqualTo(length);
    }

    @Property
    void rangeLength_neverThrowsAndIsMinusOneOrALength(@ForAll String header) {
        assertThat(GitLabHeaders.rangeLength(header)).isGreaterThanOrEqualTo(-1);
    }

    @Property
    void contentRange_refusesChunksEndingPastLongMax(@ForAll @IntRange(min = 2, max = 1 << 20) int length,
                                                     @ForAll @LongRange(min = 0, max = 1 << 20) long excess) {
        long offset = Long.MAX_VALUE - length + 2 + Math.min(excess, length - 2);

        assertThatThrownBy(() -> GitLabHeaders.contentRange(offset, length))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void contentRange_refusesNegativeOffsetsAndEmptyChunks(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long offset,
                                                           @ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int empty) {
        assertThatThrownBy(() -> GitLabHeaders.contentRange(offset, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GitLabHeaders.contentRange(0, empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<Chunk> chunks() {
        Arbitrary<Integer> lengths = Arbitraries.integers().between(1, 1 << 20);
        return lengths.flatMap(length -> Arbitraries.longs().between(0, Long.MAX_VALUE - length)
                .edgeCases(e -> e.add(Long.MAX_VALUE - length))
                .map(offset -> new Chunk(offset, length)));
    }
}
