package org.freerpacapture.adapters.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.net.URI;

/** Where AWS's services answer in a region. */
public final class AwsEndpoints {

    private AwsEndpoints() {
    }

    /** {@code https://<service>.<region>.<the partition's domain>}, as the SDK's endpoint rules give it. */
    public static URI regional(String service, String region) {
        return URI.create("https://" + service + "." + region + "." + domain(region));
    }

    /** The partition's domain: {@code amazonaws.com}, {@code amazonaws.com.cn} in China. */
    public static String domain(String region) {
        RegionMetadata metadata = Region.of(region).metadata();
        return metadata != null ? metadata.domain()
                : region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
