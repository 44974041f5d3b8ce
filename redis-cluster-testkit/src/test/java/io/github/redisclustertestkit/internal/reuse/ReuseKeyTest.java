package io.github.redisclustertestkit.internal.reuse;

import io.github.redisclustertestkit.internal.plan.Addresses;
import io.github.redisclustertestkit.internal.plan.ClusterPlan;
import io.github.redisclustertestkit.internal.plan.Planner;
import io.github.redisclustertestkit.internal.plan.PortSource;
import io.github.redisclustertestkit.internal.plan.Server;
import io.github.redisclustertestkit.internal.plan.ServerFlavour;
import io.github.redisclustertestkit.spec.ClusterSpec;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class ReuseKeyTest {

    private static final Addresses LOCAL = Addresses.resolve(null, "localhost", InetAddress.getLoopbackAddress());
    private static final Server REDIS_7 = new Server(ServerFlavour.REDIS, "7.0.15");
    private static final ClusterSpec SPEC = ClusterSpec.defaults().toBuilder().password("pw").build();

    private static String key(ClusterSpec spec) {
        return ReuseKey.of(spec, LOCAL, "sha256:redis", "sha256:haproxy");
    }

    @Test
    void equalSpecsHaveTheSameKey() {
        assertThat(key(SPEC)).isEqualTo(key(SPEC.toBuilder().build())).hasSize(16).matches("[0-9a-f]+");
    }

    @Test
    void everySpecFieldThatShapesTheClusterChangesTheKey() throws Exception {
        RecordComponent[] fields = ClusterSpec.class.getRecordComponents();
        for (int i = 0; i < fields.length; i++) {
            RecordComponent field = fields[i];
            ClusterSpec changed = with(i, changed(field.getAccessor().invoke(SPEC), field));
            if (Set.of("startupTimeout", "reuse").contains(field.getName())) {
                assertThat(key(changed)).as("%s does not shape the cluster", field.getName()).isEqualTo(key(SPEC));
            } else {
                assertThat(key(changed)).as("a change of %s", field.getName()).isNotEqualTo(key(SPEC));
            }
        }
    }

    @Test
    void theImagesAndTheAddressesChangeTheKey() {
        String key = key(SPEC);
        assertThat(ReuseKey.of(SPEC, LOCAL, "sha256:other", "sha256:haproxy")).isNotEqualTo(key);
        assertThat(ReuseKey.of(SPEC, LOCAL, "sha256:redis", "sha256:other")).isNotEqualTo(key);
        Addresses everywhere = Addresses.resolve("0.0.0.0", "localhost", InetAddress.getLoopbackAddress());
        assertThat(ReuseKey.of(SPEC, everywhere, "sha256:redis", "sha256:haproxy")).isNotEqualTo(key);
    }

    @Test
    void aPlanRebuiltFromItsPortsAndSeedHasTheSameFingerprintAndOtherPortsAnother() {
        ClusterSpec spec = SPEC.validate();
        assertThat(ReuseKey.fingerprint(plan(spec, 20000, 7)))
                .isEqualTo(ReuseKey.fingerprint(plan(spec, 20000, 7)))
                .isNotEqualTo(ReuseKey.fingerprint(plan(spec, 21000, 7)))
                .isNotEqualTo(ReuseKey.fingerprint(plan(spec, 20000, 8)));
    }

    @Test
    void labelsRecordTheSlotAndTheFingerprint() {
        ReuseLabels recorded = new ReuseLabels("0123456789abcdef", 2, "fedcba9876543210");
        assertThat(ReuseLabels.parse(recorded.toLabels())).contains(recorded);
        var malformed = new java.util.HashMap<>(recorded.toLabels());
        malformed.put(ReuseLabels.SLOT_LABEL, "x");
        assertThat(ReuseLabels.parse(malformed)).isEmpty();
        malformed.remove(ReuseLabels.FINGERPRINT_LABEL);
        assertThat(ReuseLabels.parse(malformed)).isEmpty();
    }

    private static ClusterPlan plan(ClusterSpec spec, int firstPort, long seed) {
        PortSource ports = count -> IntStream.range(firstPort, firstPort + count).boxed().toList();
        return Planner.plan(spec, REDIS_7, "abcd1234", LOCAL, ports, new Random(seed));
    }

    private static ClusterSpec with(int index, Object value) throws Exception {
        RecordComponent[] fields = ClusterSpec.class.getRecordComponents();
        Object[] args = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            args[i] = i == index ? value : fields[i].getAccessor().invoke(SPEC);
        }
        Constructor<ClusterSpec> canonical = ClusterSpec.class.getDeclaredConstructor(
                Arrays.stream(fields).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return canonical.newInstance(args);
    }

    /** Another value of the field's type; a field of a new type must be taught here. */
    private static Object changed(Object value, RecordComponent field) {
        Class<?> type = field.getType();
        if (type == int.class) {
            return (Integer) value + 1;
        }
        if (type == boolean.class) {
            return !(Boolean) value;
        }
        if (type == String.class) {
            return value == null ? "127.0.0.2" : value + "x";
        }
        if (type == Duration.class) {
            return ((Duration) value).plusMillis(1);
        }
        if (type == List.class) {
            List<Object> more = new ArrayList<>((List<?>) value);
            more.add("maxmemory 1mb");
            return more;
        }
        if (type == DockerImageName.class) {
            return ((DockerImageName) value).withTag("another");
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).filter(c -> !c.equals(value)).findFirst().orElseThrow();
        }
        return fail("teach this test another value of %s for field %s", type, field.getName());
    }
}
