package org.trainscope.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One Spark local-mode context (two cores, as a small laptop) for all tests of the JVM. */
final class SparkTests {
    private static JavaSparkContext context;

    private SparkTests() {
    }

    static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setAppName("trainscope-spark tests").setMaster("local[2]")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", "4");
            context = new JavaSparkContext(conf);
            context.setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return context;
    }
}
