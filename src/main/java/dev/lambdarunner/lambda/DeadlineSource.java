package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Where an invocation's deadline comes from. In Lambda: the Runtime API's {@code Lambda-Runtime-Deadline-Ms}
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next">next invocation</a>),
 * which the context exposes as {@link Context#getRemainingTimeInMillis()}. A seam so that tests can run the
 * handler with a deadline of their choosing (Quarkus's mock event server sends none).
 */
interface DeadlineSource {

    Deadline of(Context context);
}
