import * as z from "zod";

/** What the evidence says of an image: someone uses it, nothing does, or it cannot be told. */
export const USAGE_VERDICTS = ["inUse", "unused", "unknown"] as const;

export const UsageVerdict = z.enum(USAGE_VERDICTS).meta({
  id: "UsageVerdict",
  description:
    "inUse: a server, a boot volume or an NKS node group refers to it; unused: nothing does and every server of its region is accounted for; unknown: nothing seen refers to it, but something unseen might.",
});
export type UsageVerdict = z.infer<typeof UsageVerdict>;

const count = z.int().nonnegative();

/**
 * Who uses an image, as the evidence shows it (with `NHN_USAGE=true`): the servers and NKS node
 * groups that refer to it, how many references of each kind were seen, and how many servers of
 * its region name no image at all (their image cannot be told, so no image there is `unused`).
 */
export const ImageUsage = z
  .object({
    verdict: UsageVerdict,
    reason: z.string().meta({ description: "The verdict in words, naming its evidence." }),
    servers: z.array(z.string()).meta({
      description:
        "Ids of the servers that boot from it (by image reference or boot volume), sorted, each once.",
    }),
    nodeGroups: z.array(z.string()).meta({
      description: "Ids (uuid) of the NKS node groups whose base image it is, sorted, each once.",
    }),
    evidence: z
      .object({
        byImageRef: count.meta({ description: "Servers whose `image.id` is this image." }),
        byBootVolume: count.meta({
          description:
            "Volumes (boot volumes) whose `volume_image_metadata.image_id` is this image.",
        }),
        byNodeGroup: count.meta({ description: "NKS node groups whose `image_id` is this image." }),
      })
      .strict(),
    unattributedServers: count.meta({
      description:
        "Servers of the image's region whose image cannot be told (booted from a volume that names none).",
    }),
    unusedSinceDate: z.iso.date().optional().meta({
      description:
        "GET /images?asOf= only, on an image whose verdict is unused: the first day of its current run of unused verdicts in the daily snapshots (looked back at most 31 days; a day without a snapshot ends the run).",
    }),
  })
  .strict()
  .meta({
    id: "ImageUsage",
    description:
      "Usage evidence from servers, boot volumes and NKS node groups (NHN_USAGE=true only). Instance templates and Auto Scale have no public API: a use by them alone is not seen.",
  });
export type ImageUsage = z.infer<typeof ImageUsage>;
