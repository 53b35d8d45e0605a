package dev.lambdarunner.trace;

import dev.lambdarunner.gitlab.JobStatus;
import dev.lambdarunner.gitlab.UpdateResult;
import dev.lambdarunner.gitlab.dto.UpdateJobRequest;
import dev.lambdarunner.sensitive.Secret;
import dev.lambdarunner.testsupport.FakeTime;
import dev.lambdarunner.trace.FinishResult.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.lambdarunner.trace.FakeGitLabApi.JOB_ID;
import static dev.lambdarunner.trace.FakeGitLabApi.JOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's trace under any sequence of output, patch rounds, GitLab losing or keeping extra bytes (416 both
 * ways), 403, slow final PUTs and finish: GitLab only ever holds a prefix of the buffer and never the secret;
 * after an accepted finish it holds exactly the buffer, and the final PUT describes exactly those bytes.
 */
class JobTraceProperties {

    private static final String SECRET = "tf-s3cret-9";
    private static final int LIMIT = 120;

    /** The system under test with its fake GitLab, and what the job wrote before finishing. */
    static final class Model {
        final FakeGitLabApi gitlab = new FakeGitLabApi();
        final FakeTime time = new FakeTime();
        final JobTrace trace = new JobTrace(gitlab, JOB_ID, Secret.of(JOB_TOKEN), MaskSpec.of(List.of(SECRET), List.of()),
                new TraceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, LIMIT, false, time),
                time);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        /** Only some runs may see the job canceled, so that most reach an accepted finish. */
        final boolean mayBeCanceled;
        FinishResult result;
        boolean abortedBeforeFinish;

        Model(boolean mayBeCanceled) {
            this.mayBeCanceled = mayBeCanceled;
        }

        void write(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                trace.output().write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (result == null) {
                written.writeBytes(bytes);
            }
        }

        /** GitLab's side changes only while the job runs; after finish it holds what it was told. */
        boolean running() {
            return result == null;
        }

        void tick() {
            if (result == null) {
                trace.loop().tick();
            }
        }

        void finish() {
            abortedBeforeFinish |= result == null && trace.aborted();
            FinishResult again = trace.finish(FinalState.success());
            assertThat(result == null ? again : result).isEqualTo(again);
            result = again;
        }

        byte[] buffer() {
            return trace.buffer().read(0, Integer.MAX_VALUE);
        }

        void gitLabHoldsAPrefixAndNoSecret() {
            byte[] held = gitlab.bytes();
            assertThat(trace.buffer().read(0, held.length)).isEqualTo(held);
            assertThat(new String(held, StandardCharsets.UTF_8)).doesNotContain(SECRET);
        }

        void finishedTraceIsReportedExactly() {
            if (result == null) {
                return;
            }
            assertThat(buffer()).isEqualTo(expectedBuffer());
            assertThat(result.outcome()).isNotEqualTo(Outcome.GAVE_UP);
            if (abortedBeforeFinish) {
                assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
                assertThat(gitlab.finalUpdates()).isEmpty();
                return;
            }
            if (result.outcome() == Outcome.ABORTED) {
                return; // the final PUT itself was refused: the job was canceled meanwhile
            }
            byte[] held = gitlab.bytes();
            assertThat(held).isEqualTo(buffer());
            UpdateJobRequest put = gitlab.finalUpdates().get(gitlab.finalUpdates().size() - 1);
            assertThat(gitlab.finalUpdates()).allSatisfy(u -> assertThat(u).isEqualTo(put));
            assertThat(put.output().checksum()).isEqualTo(TraceBufferTest.crc32(held));
            assertThat(put.output().bytesize()).isEqualTo(held.length);
        }

        /** What one unsplit write of everything, masked and capped, gives. */
        private byte[] expectedBuffer() {
            byte[] masked = MaskingWriterProperties.mask(List.of(SECRET), written.toByteArray(), List.of());
            TraceBuffer expected = new TraceBuffer(LIMIT);
            expected.append(masked, 0, masked.length);
            return expected.read(0, Integer.MAX_VALUE);
        }
    }

    @Property(tries = 300)
    void gitLabEndsWithExactlyTheBuffer(@ForAll("chains") ActionChain<Model> chain) {
        Model end = chain.withInvariant("GitLab holds a prefix of the buffer, never the secret",
                        Model::gitLabHoldsAPrefixAndNoSecret)
                .withInvariant("a finished trace is reported exactly", Model::finishedTraceIsReportedExactly)
                .run();
        end.finish();
        end.gitLabHoldsAPrefixAndNoSecret();
        end.finishedTraceIsReportedExactly();
    }

    @Provide
    Arbitrary<ActionChain<Model>> chains() {
        return Arbitraries.of(true, false, false).flatMap(this::chains);
    }

    private ActionChainArbitrary<Model> chains(boolean mayBeCanceled) {
        return ActionChain.startWith(() -> new Model(mayBeCanceled))
                .withAction(5, write())
                .withAction(3, Action.just(Transformer.mutate("patch round", Model::tick)))
                .withAction(1, gitLabKeepsLess())
                .withAction(1, Action.<Model>when(Model::running)
                        .describeAs("GitLab stores a chunk but its answer is lost")
                        .justMutate(m -> {
                            m.gitlab.loseNextAnswer();
                            m.tick();
                        }))
                .withAction(1, Action.<Model>when(Model::running)
                        .describeAs("GitLab answers the next final PUT with 202")
                        .justMutate(m -> m.gitlab.scriptUpdate(new UpdateResult(UpdateResult.State.PENDING,
                                JobStatus.RUNNING, Optional.empty(), 202))))
                .withAction(1, Action.<Model>when(m -> m.running() && m.mayBeCanceled)
                        .describeAs("job canceled: 403").justMutate(m -> {
                    m.gitlab.setStatus(JobStatus.CANCELED);
                    m.tick();
                }))
                .withAction(1, Action.just(Transformer.mutate("finish", Model::finish)))
                .withMaxTransformations(30);
    }

    private static Action.Independent<Model> write() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc é\n").ofMaxLength(12),
                Arbitraries.of(SECRET, "tf-s3", "cret-9", "glrt-", "x1_y", "\n"));
        return () -> piece.list().ofMinSize(1).ofMaxSize(4).map(pieces -> String.join("", pieces))
                .map(text -> Transformer.mutate("write " + text.replace("\n", "\\n"), m -> m.write(text)));
    }

    /**
     * 416 with a shorter offset: GitLab lost the end of what it acknowledged, and the runner learns it from
     * the next patch (nothing can reveal a loss after the last patch: the protocol has no way to ask).
     */
    private static Action.Dependent<Model> gitLabKeepsLess() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(Model m) {
                return m.running() && !m.trace.buffer().truncated();
            }

            @Override
            public Arbitrary<Transformer<Model>> transformer(Model m) {
                return Arbitraries.integers().between(0, m.gitlab.size())
                        .map(keep -> Transformer.mutate("GitLab keeps only " + keep + " bytes, then a patch", s -> {
                            s.gitlab.truncateTo(Math.min(keep, s.gitlab.size()));
                            s.write("\n"); // ends any held match, so there is always a byte to patch
                            s.tick();
                        }));
            }
        };
    }
}
