package io.github.redisclustertestkit.internal.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Frame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived container that runs one {@code sh -c} script to its end: created, started, awaited,
 * its output read, then removed whatever happened (its labels let a sweep remove it if even that
 * fails). The image probe and the iptables helper are such containers.
 */
final class ScriptContainer {

    /**
     * @param status   the script's exit status
     * @param output   what it printed, stdout and stderr together
     * @param complete false if the output did not all arrive within the timeout
     */
    record Result(int status, String output, boolean complete) {
    }

    private ScriptContainer() {
    }

    /**
     * @param create  the container to create from an image; its entrypoint is set here to {@code sh -c script}
     * @param timeout seconds to wait for the exit, and again for the output
     */
    static Result run(DockerClient docker, CreateContainerCmd create, String script, long timeout)
            throws InterruptedException {
        String id = null;
        try {
            id = create.withEntrypoint("sh", "-c", script).withCmd(new String[0]).exec().getId();
            docker.startContainerCmd(id).exec();
            int status = docker.waitContainerCmd(id).start().awaitStatusCode(timeout, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            boolean complete = docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(timeout, TimeUnit.SECONDS);
            return new Result(status, out.toString(), complete);
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    // it has exited; its labels let Ryuk or a later start's sweep remove it
                }
            }
        }
    }
}
