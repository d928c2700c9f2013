import type { Image } from "@nhn-images/core";

/** The Image NHN's v2 list example stands for (Compute-Image `ko/public-api.md`). */
export const DOCUMENTED_V2_IMAGE: Image = {
  id: "1c868787-6207-4ff2-a1e7-ae1331d6829b",
  name: "CentOS 6.10 (2018.10.23)",
  status: "active",
  diskFormat: "qcow2",
  isPublic: true,
  protected: true,
  minDisk: 20,
  minRam: 0,
  size: 1778843648,
  properties: {
    login_username: "centos",
    os_distro: "CentOS",
    os_version: "6.10",
    description: "CentOS 6.10 (2018.10.23)",
    os_architecture: "amd64",
    hypervisor_type: "qemu",
    os_type: "linux",
  },
  createdAt: "2018-10-23T02:17:43.000Z",
  updatedAt: "2018-12-11T01:01:35.000Z",
  visibility: "public",
  owner: "c289b99209ca4e189095cdecebbd092d",
  tags: [],
  region: "KR1",
  hidden: false,
  family: "CentOS 6.10",
};
