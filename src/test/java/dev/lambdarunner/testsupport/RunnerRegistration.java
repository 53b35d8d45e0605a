package dev.lambdarunner.testsupport;

import java.util.Map;

/**
 * A runner the fake created on request: {@code POST /api/v4/user/runners} ({@code legacy == false}) or the
 * deprecated {@code POST /api/v4/runners}.
 *
 * @param params the body's fields as text (booleans and numbers as JSON prints them), the token fields left out
 * @param runner the new runner, already able to poll with its token
 */
public record RunnerRegistration(boolean legacy, Map<String, String> params, FakeRunner runner) {
}
