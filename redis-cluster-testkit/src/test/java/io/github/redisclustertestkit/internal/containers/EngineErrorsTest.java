package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineErrorsTest {

    @Test
    void theEnginesOwnMessageReplacesTheStatus() {
        // docker-java prefixes the body with "Status 500: ". What Podman 4.3 answered to the first container start where root lacks CAP_SYS_RESOURCE.
        var refused = new InternalServerErrorException("{\"cause\":\"OCI permission denied\",\"message\":"
                + "\"crun: setrlimit `RLIMIT_NOFILE`: Operation not permitted: OCI permission denied\",\"response\":500}\n");
        assertThat(EngineErrors.ownMessage(refused))
                .isEqualTo("crun: setrlimit `RLIMIT_NOFILE`: Operation not permitted: OCI permission denied");
    }

    @Test
    void quotesInTheMessageAreUnescapedAndABodyWithoutMessageIsKept() {
        assertThat(EngineErrors.ownMessage(new InternalServerErrorException(
                "{\"message\":\"no such file \\\"/x\\\"\"}"))).isEqualTo("no such file \"/x\"");
        assertThat(EngineErrors.ownMessage(new InternalServerErrorException("engine down ")))
                .isEqualTo("Status 500: engine down");
    }
}
