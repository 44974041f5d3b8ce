package io.github.redisclustertestkit.internal.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTlsTest {

    private static final ClusterCertificates CERTIFICATES = CertificateIssuer.issue("abc123", List.of(), false,
            Instant.now(), CertificateIssuer.DEFAULT_VALIDITY);

    @Test
    void theFilesOfAClusterWhoseOwnerIsGoneAreRemovedByItsLabel() {
        TlsFiles files = TlsFiles.writeToNewDirectory(CERTIFICATES, "abc123");
        Map<String, String> labels = Map.of(ClusterTls.DIRECTORY_LABEL, files.directory().toString());
        assertThat(ClusterTls.directoryIn(labels)).contains(files.directory());

        assertThat(ClusterTls.deleteLeftBehind("other1", labels)).as("another cluster's id").isFalse();
        assertThat(files.directory()).exists();
        assertThat(ClusterTls.deleteLeftBehind("abc123", labels)).isTrue();
        assertThat(files.directory()).doesNotExist();
        assertThat(ClusterTls.deleteLeftBehind("abc123", labels)).as("gone already").isFalse();
        assertThat(ClusterTls.deleteLeftBehind("abc123", Map.of())).as("a plain cluster").isFalse();
    }

    @Test
    void aLabelNamingADirectoryTheLibraryWouldNotHaveMadeRemovesNothing(@TempDir Path elsewhere) throws Exception {
        Path lookalike = Files.createDirectory(elsewhere.resolve("rct-tls-abc123-1"));
        Files.writeString(lookalike.resolve("keep"), "x");
        assertThat(ClusterTls.deleteLeftBehind("abc123", Map.of(ClusterTls.DIRECTORY_LABEL, lookalike.toString())))
                .isFalse();
        assertThat(lookalike.resolve("keep")).exists();
        assertThat(ClusterTls.deleteLeftBehind("abc123", Map.of(ClusterTls.DIRECTORY_LABEL,
                Path.of(System.getProperty("java.io.tmpdir"), "..", "etc").toString()))).isFalse();
    }

    @Test
    void theSweepRemovesOnlyOldDirectoriesOfClustersWithoutContainers() throws Exception {
        TlsFiles old = TlsFiles.writeToNewDirectory(CERTIFICATES, "zz9old01");
        TlsFiles live = TlsFiles.writeToNewDirectory(CERTIFICATES, "zz9live1");
        TlsFiles young = TlsFiles.writeToNewDirectory(CERTIFICATES, "zz9new01");
        try {
            java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                    Instant.now().minus(java.time.Duration.ofHours(2)));
            Files.setLastModifiedTime(old.directory(), twoHoursAgo);
            Files.setLastModifiedTime(live.directory(), twoHoursAgo);

            ClusterTls.deleteAbandoned(java.util.Set.of("zz9live1"), java.time.Duration.ofHours(1));

            assertThat(old.directory()).as("no container, two hours old").doesNotExist();
            assertThat(live.directory()).as("its cluster has containers").exists();
            assertThat(young.directory()).as("a start may be making its containers now").exists();
        } finally {
            old.delete();
            live.delete();
            young.delete();
        }
    }
}
