package org.peersupport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU a Lambda function gets for its memory size (proportional; 1,769 MB is one vCPU), played
 * with a Linux CPU cgroup (v1, CFS quota) that each child JVM joins before it starts. Needs root and
 * the cgroup v1 cpu controller at /sys/fs/cgroup/cpu; without them the memory-size runs are skipped.
 */
record CpuLimit(double share, Path group) {
    static final Path ROOT = Path.of("/sys/fs/cgroup/cpu");
    static final int PERIOD_US = 100_000;
    static final double MB_PER_VCPU = 1769;

    static boolean available() {
        return Files.isWritable(ROOT.resolve("cgroup.procs"));
    }

    static CpuLimit forMemory(int memoryMb) {
        double share = memoryMb / MB_PER_VCPU;
        Path group = ROOT.resolve("peer-support-bench-" + memoryMb);
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), Integer.toString(PERIOD_US));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(share * PERIOD_US)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set up the CPU cgroup " + group, e);
        }
        return new CpuLimit(share, group);
    }

    /** The command, started by a shell that first moves itself into the cgroup and then becomes the JVM. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                String.format(Locale.ROOT, "echo $$ > %s/cgroup.procs && exec \"$@\"", group), "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    void remove() {
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            // still in use or already gone; an empty cgroup left behind does no harm
        }
    }
}
