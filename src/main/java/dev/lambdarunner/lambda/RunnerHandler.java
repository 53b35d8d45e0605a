package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** The Lambda entry point (work in progress: issue 3). Refuses every event until the poller is wired in. */
public class RunnerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        throw new UnsupportedOperationException("the Lambda entry point is not wired to the poller yet");
    }
}
