package io.cryptopipe.stream;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a process uses: local threads by default, or a cluster master by config. */
public final class SparkSessions {
    /** The system property {@code spark-submit} sets before it calls the job's main. */
    public static final String SUBMITTED_MASTER = "spark.master";

    // The default manager goes through Hadoop's FileContext, which without Hadoop's native library forks
    // chmod/readlink for every checkpoint file; the FileSystem one renames just as atomically on local
    // disks and HDFS and cut the offset and commit log writes from about 80 to 25 ms a batch here.
    private static final String CHECKPOINT_FILE_MANAGER =
            "org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager";
    private SparkSessions() {
    }

    /**
     * A session for {@code master}. Bound to 127.0.0.1 with the web UI off when local (nothing listens beyond
     * loopback); on a cluster the executors get this jar, which holds the sink, through {@code spark.jars}.
     *
     * @param scratch Spark's local directory, {@code <data>/spark}
     * @param appJar  the running jar, needed by cluster executors; empty when run from classes (tests)
     */
    public static SparkSession create(String master, Path scratch, Optional<Path> appJar) {
        boolean local = master.startsWith("local");
        SparkSession.Builder builder = tuned(SparkSession.builder().appName("cryptopipe").master(master), scratch)
                .config("spark.ui.enabled", "false");
        if (local) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else {
            appJar.ifPresent(jar -> builder.config("spark.jars", jar.toString()));
        }
        return builder.getOrCreate();
    }

    /**
     * A session inside {@code spark-submit}: master, deploy mode, jars, UI and bind addresses are what the submitter
     * chose (its {@code --master}, {@code --conf}); the job's own defaults fill only what the submitter left unset.
     */
    public static SparkSession submitted(Path scratch) {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.app.name", "cryptopipe");
        conf.setIfMissing("spark.sql.shuffle.partitions", "4");
        conf.setIfMissing("spark.local.dir", scratch.toString());
        conf.setIfMissing("spark.sql.streaming.stopTimeout", "30s");
        conf.setIfMissing("spark.sql.streaming.checkpointFileManagerClass", CHECKPOINT_FILE_MANAGER);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static SparkSession.Builder tuned(SparkSession.Builder builder, Path scratch) {
        return builder.config("spark.sql.shuffle.partitions", "4")
                .config("spark.local.dir", scratch.toString())
                .config("spark.sql.streaming.stopTimeout", "30s")
                .config("spark.sql.streaming.checkpointFileManagerClass", CHECKPOINT_FILE_MANAGER);
    }
}
