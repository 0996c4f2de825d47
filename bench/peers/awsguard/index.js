// Pulumi's own AWSGuard policy pack with every policy mandatory, as its README shows.
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
